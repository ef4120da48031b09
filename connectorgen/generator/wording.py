"""Words for the people who read the generated files: articles, labels made from identifiers."""

from __future__ import annotations

import re

# Letters whose English name starts with a vowel sound: "an API", "an HTTP", "an SQL".
_AN_LETTERS = frozenset("AEFHILMNORSX")
# Words that start with a vowel letter but a consonant sound, and the reverse.
_CONSONANT_SOUND = ("uni", "use", "usa", "usi", "usu", "uti", "ura", "ure", "eu", "one", "once")
_VOWEL_SOUND = ("hour", "honest", "honor", "honour", "heir")


def article(phrase: str) -> str:
    """'a' or 'an' for the phrase, by how its first word sounds, not only how it is spelt."""
    words = phrase.split()
    word = re.sub(r"[^0-9A-Za-z]", "", words[0]) if words else ""
    if not word:
        return "a"
    if word[0].isdigit():
        return "an" if word.startswith(("8", "11", "18")) else "a"
    if len(word) > 1 and word.isupper():  # an acronym is read letter by letter
        return "an" if word[0] in _AN_LETTERS else "a"
    lower = word.lower()
    if lower.startswith(_VOWEL_SOUND):
        return "an"
    if lower.startswith(_CONSONANT_SOUND):
        return "a"
    return "an" if lower[0] in "aeiou" else "a"


def with_article(phrase: str) -> str:
    return f"{article(phrase)} {phrase}"


_ACRONYMS = {"api": "API", "id": "ID", "url": "URL", "oauth": "OAuth", "jwt": "JWT", "pat": "PAT"}
# Words that say how a credential travels, not what it is: dropped from labels.
_NOISE = {"auth", "authentication", "authorization", "header", "query", "scheme", "security"}
# Words that name a credential: a label without one gets "API Key" added.
_CREDENTIALS = {"key", "token", "secret", "password", "code", "id", "credential", "credentials"}


def words_of(identifier: str) -> list[str]:
    """apiKeyHeader, subscription_key, X-Api-Key -> their words, in lower case."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", identifier)
    return [w.lower() for w in re.split(r"[^0-9A-Za-z]+", spaced) if w]


def key_label(identifier: str) -> str:
    """A label for an API key definition named ``identifier``, for people, in title case.

    apiKeyHeader -> API Key; BearerAuth -> Bearer Token; subscription_key -> Subscription Key.
    """
    words = [w for w in words_of(identifier) if w not in _NOISE]
    if not words or set(words) <= {"api", "key", "apikey"}:
        return "API Key"
    if words[-1] not in _CREDENTIALS:
        words.append("token" if words == ["bearer"] else "API key")
    return " ".join(_ACRONYMS.get(w, w.capitalize()) for part in words for w in part.split())


def sentence_case(label: str) -> str:
    """'API Key' -> 'API key', 'Bearer Token' -> 'bearer token': a label made by key_label,
    as it reads inside a sentence. Acronyms keep their capitals."""
    return " ".join(
        w if (len(w) > 1 and w.isupper()) or w in _ACRONYMS.values() else w.lower()
        for w in label.split(" ")
    )
