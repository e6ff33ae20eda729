from django_password_validators.password_history.hashers import HistoryHasher


class FastHistoryHasher(HistoryHasher):
    """The history validator hashes with 200,000 PBKDF2 rounds (~0.1 s per user created);
    tests create hundreds of users."""

    iterations = 2
