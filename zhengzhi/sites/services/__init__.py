"""Every change to the registry goes through these services (views and the API parse,
authorise and call them)."""
