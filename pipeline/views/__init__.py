"""What people read: the published datasets through DuckDB (``ita query``), the auditor's table
(``ita audit``), the HTML report (``ita report``) and the data dictionary."""
