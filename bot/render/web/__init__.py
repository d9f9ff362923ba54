"""The web page's HTML renderer: pages.py, its templates/ and static/ files."""
