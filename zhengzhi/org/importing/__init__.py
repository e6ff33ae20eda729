"""Excel imports of units (here) and users (accounts.importing), on the shared workbook reader."""
