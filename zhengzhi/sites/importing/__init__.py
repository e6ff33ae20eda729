"""Roster import (花名册导入): reading an office's sheet, matching its headers to the registry's
fields, checking every row, and writing all or nothing in bulk.

    columns.py   the fields a sheet may fill, their template headers and known synonyms
    reading.py   .xlsx / .csv to header + rows of cell values
    checking.py  every row checked and matched against the registry (no writes)
    writing.py   the checked plan written in bulk, in one transaction
    template.py  the downloadable template per kind
"""
