"""Every change to a case and what hangs on it: row-locked, audited, in one transaction."""
