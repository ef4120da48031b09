"""The connector-folder target: reading folders, and the certification rules over them."""
