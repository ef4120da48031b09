"""Power Query (Power BI) connectors: `connectorgen pq new`, `pq build` and `pq check`.

Data flows one way: lexer (text -> tokens) -> section (tokens -> members) -> reading
(record, list and call shapes inside a member) -> project (a folder, .pq/.m, .mez or .pqx
-> one model) -> build (the model -> .mez / .pqx bytes) or context + rules (the model ->
findings). scaffold renders a new project in memory. Nothing here prints.
"""
