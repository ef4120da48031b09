"""`python -m connectorgen`: the same as the `connectorgen` command."""

from connectorgen.cli import main

if __name__ == "__main__":
    main()
