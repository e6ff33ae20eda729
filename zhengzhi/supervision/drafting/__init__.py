"""Drafting an edition: a list of section builders (registry.py), each turning the period's facts
into plain data (kept as the edition's snapshot) and writing its part of the .docx from that data
alone, so an issued edition never reads the live tables again."""
