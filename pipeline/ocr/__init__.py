"""Offline OCR of scanned pages (tesseract, OpenCV, glyph templates through ``pipeline.adapters``)."""
