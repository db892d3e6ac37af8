"""Development tools that are not part of the product (kept out of the runtime packages)."""
