# Tip rewards are not in the Django admin: every change goes through services.py (the named
# approver, the four-eyes rule, the audit row).
