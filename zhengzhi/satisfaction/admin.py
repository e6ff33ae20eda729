# Follow-up calls are not in the Django admin: every change goes through services.py, which
# checks the caller's role and scope and writes the audit row.
