"""The hall catalogue: reusable halls made from a template and edited seat by seat, their derived honour,
the SVG scheme, and the hall files (our «ceremonia-hall» JSON and pretix's seating plan)."""
