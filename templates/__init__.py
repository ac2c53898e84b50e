"""The report's jinja2 templates, stylesheet and script, shipped as package data.

`evidence report --templates DIR` looks in DIR first, so any file here can be
replaced by a file of the same name there.
"""
