"""Pure geometry: characters -> Thai grapheme clusters -> text lines -> table cells."""
