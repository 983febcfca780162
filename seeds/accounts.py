"""The demo logins, importable without Django so the launcher can print them."""

DEMO_PASSWORD = "brave-demo-2027"
# (login, role value, staff)
ACCOUNTS = [
    ("admin", "admin", True),
    ("lead", "lead_reviewer", True),
    ("reviewer", "reviewer", True),
    ("trainer", "trainer", True),
    ("scheduler", "scheduler", True),
    ("ceo", "ceo", False),
]
# Colleagues of the demo reviewer, so the queue is shared and applications carry several
# reviewers' scores; they sign in with the same password.
COLLEAGUES = [
    ("reviewer2", "reviewer", True),
    ("reviewer3", "reviewer", True),
]


def describe() -> str:
    logins = ", ".join(f"{login} ({role})" for login, role, _staff in ACCOUNTS)
    return f"Demo logins, password {DEMO_PASSWORD}: {logins}"
