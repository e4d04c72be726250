"""ITA pipeline: Thai integrity-and-transparency PDFs to comparable Parquet datasets."""

__version__ = "0.1.0"
