"""The vocabulary of tables, shared by the stages that read them: what a header cell names
(``roles``), and how rows group into records and which tables hold measures (``records``).
Pure functions over text and ``LogicalTable``s; the words come from ``rules/tables.yaml``."""
