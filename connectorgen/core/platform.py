"""Facts about Microsoft's platform that several commands rely on, each stated once.

Sources are the keys of ../shared/reference/certification-rules.md and asset-shapes.md.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

# ---------------------------------------------------------------- limits

MEGABYTE: Final = 1_048_576
# "The API definition ... can't be larger than 1 MB" (certification-rules CS Step 3d).
MAX_DEFINITION_BYTES: Final = MEGABYTE
# "The size of your script file can't be more than 1 MB" (learn.microsoft.com write-code).
MAX_SCRIPT_BYTES: Final = MEGABYTE
# A config.json is a few kilobytes: the cap turns a wrong file into a message, not a wait.
MAX_CONFIG_BYTES: Final = MEGABYTE
# icon.png should stay under 1 MB (certification-rules 1.8, unverified limit: a warning).
MAX_ICON_BYTES: Final = MEGABYTE
# Anything a connector folder holds that is larger than this is not a connector file.
MAX_FOLDER_FILE_BYTES: Final = 64 * MEGABYTE

# ---------------------------------------------------------------- colours

# The platform's default brand colour; certification refuses it (certification-rules 1.7).
DEFAULT_BRAND_COLOR: Final = "#007ee5"
# Independent publishers must use this colour (certification-rules 1.10, R-TPL-IP).
IP_BRAND_COLOR: Final = "#da3b01"
WHITE: Final = "#ffffff"  # certification refuses a white icon background
ICON_SIDE: Final = 230  # certification: icon.png is 230x230 with a ~160x160 logo inside

# ---------------------------------------------------------------- profiles

Profile = Literal["certified", "independent-publisher", "custom"]
PROFILES: Final[tuple[Profile, ...]] = get_args(Profile)
DEFAULT_PROFILE: Final[Profile] = "certified"

# The certification repository's top folders and the rule set its pipeline applies to each
# (R-PIPE: certification validation for the first two, the looser set for custom-connectors/).
REPOSITORY_FOLDERS: Final[dict[str, Profile]] = {
    "certified-connectors": "certified",
    "independent-publisher-connectors": "independent-publisher",
    "custom-connectors": "custom",
}

# ---------------------------------------------------------------- connector files

# The roles files play in a connector folder ("artifacts").
API_DEFINITION: Final = "apiDefinition"
API_PROPERTIES: Final = "apiProperties"
SETTINGS: Final = "settings"
README: Final = "readme"
INTRO: Final = "intro"
ICON: Final = "icon"
SCRIPT: Final = "script"
ARTIFACTS: Final = (API_DEFINITION, API_PROPERTIES, SETTINGS, README, INTRO, ICON, SCRIPT)

# The names generate writes, by role. The API definition keeps the name of the input when it
# is one of DEFINITION_NAMES; the certification repository wants apiDefinition.swagger.json.
DEFINITION_NAMES: Final = ("apiDefinition.swagger.json", "apiDefinition.json")
OUTPUT_NAMES: Final[dict[str, str]] = {
    API_DEFINITION: "apiDefinition.json",
    API_PROPERTIES: "apiProperties.json",
    SETTINGS: "settings.json",
    ICON: "icon.png",
    SCRIPT: "script.csx",
    README: "README.md",
    INTRO: "INTRO.md",
}
# generate's record of its last run in the output folder: the profile and ignore list it
# checked with (so that `check` on the folder gives the same verdict) and a SHA-256 digest of
# every file it wrote (so that hand edits are noticed before --force replaces them).
STATE_NAME: Final = ".connectorgen.json"
# Every name generate may write: what --force may replace and what counts as stale.
GENERATED_NAMES: Final = (
    *DEFINITION_NAMES,
    *(n for a, n in OUTPUT_NAMES.items() if a != API_DEFINITION),
    STATE_NAME,
)
# settings.json keys a deploy saves (paconn create -w writes them; `update` needs connectorId
# and environment, else it prompts): regenerating keeps them (../shared/reference/deploy.md).
# Microsoft's paconn-settings.schema.json types each as a string.
DEPLOY_SETTINGS: Final = (
    "connectorId",
    "environment",
    "powerAppsUrl",
    "powerAppsApiVersion",
    "flowUrl",
    "flowApiVersion",
)

# File names check recognises (compared in lower case, as Microsoft's pipeline does), in
# order of preference when a folder holds both API definition names.
FOLDER_FILE_NAMES: Final[dict[str, str]] = {
    "apidefinition.swagger.json": API_DEFINITION,
    "apidefinition.json": API_DEFINITION,
    "apiproperties.json": API_PROPERTIES,
    "settings.json": SETTINGS,
    "readme.md": README,
    "intro.md": INTRO,
    "icon.png": ICON,
    "script.csx": SCRIPT,
}
CONFIG_NAME: Final = "config.json"
CONFIG_SCHEMA_NAME: Final = "config.schema.json"
