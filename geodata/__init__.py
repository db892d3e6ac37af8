"""geodata: Afghanistan–Pakistan border incidents from article files, geocoded, as GeoJSON.

Everything that is not UI lives here (articles, gazetteer, extraction, merge, export, sanitising);
it never imports streamlit. The pipeline reads top to bottom:
articles -> gazetteer (places) -> extract (events) -> merge -> export.
"""

__version__ = "0.1.0"
