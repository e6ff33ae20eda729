# Questionnaires are not in the Django admin: every change goes through services.py (audited;
# a published questionnaire's questions are frozen so that its answers keep their meaning).
