from django.dispatch import Signal

# Sent inside the submission's transaction, with `application`, and the `social_accounts` rows
# and cleaned `answers` it just wrote (so screening need not read them back): receivers
# (screening and reviewer assignment) write in the same transaction, so a submission is all or
# nothing.
application_submitted = Signal()

# Sent inside the transaction that changes the CEO's assistant, with `application`: studios
# sends pending warnings about unconfirmed shows to the new one.
assistant_changed = Signal()
