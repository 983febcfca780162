"""Fill one benchmark database: `python -m bench.http.seed --size 10000` (DATABASE_NAME set).

The applications come from bench/data.py (bulk_create, a campaign a few weeks in); beside them
what the other endpoints read, in proportion: one studio booking for every ten applications over
five studios (each with its CEO's account), 120 training sessions, two hundred notifications
for the lead, a studio's calendar feed, and API tokens for the lead and an administrator.
Prints what the load needs (tokens, slugs, the board's week) as one JSON line.
"""

import argparse
import json
import os
import sys
import time
from datetime import timedelta

BOOKINGS_PER_APPLICATION = 0.1
STUDIOS = 5
SESSIONS = 120  # more than the largest page
NOTIFICATIONS = 200


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.http.seed")
    parser.add_argument("--size", type=int, required=True)
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_NAME", "").endswith("bench"):
        parser.error("DATABASE_NAME must name a bench database (ending in 'bench')")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.http.settings")
    import django

    django.setup()
    from django.db import connection

    from bench import data

    started = time.perf_counter()
    world = data.world_create()
    data.applications_build(world, args.size)
    extra = _around(world, args.size)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    extra["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(extra), flush=True)
    return 0


def _around(world, size: int) -> dict:
    from django.db import transaction
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from onboarding.applicants.models import Application, Status
    from onboarding.core.models import Role, User
    from onboarding.notifications.models.inbox import Notification
    from onboarding.studios.models import Booking, CalendarFeed, Studio
    from onboarding.training.models import TrainingModule, TrainingSession

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    with transaction.atomic():
        admin = User(username="bench-admin", role=Role.ADMIN, is_staff=True)
        admin.set_unusable_password()
        admin.save()
        trainer = User(username="bench-trainer", role=Role.TRAINER, is_staff=True)
        trainer.set_unusable_password()
        trainer.save()
        tokens = {
            "lead": Token.objects.create(user=world.lead).key,
            "admin": Token.objects.create(user=admin).key,
        }
        studios = Studio.objects.bulk_create(
            Studio(name=f"Bench studio {n + 1}", city="Hangzhou") for n in range(STUDIOS)
        )
        feed = CalendarFeed.objects.create(studio=studios[0])

        count = int(size * BOOKINGS_PER_APPLICATION)
        booked = list(
            Application.objects.filter(campaign=world.campaign)
            .exclude(status__in=[Status.WITHDRAWN, Status.REJECTED])
            .order_by("id")[:count]
        )
        ceos = User.objects.bulk_create(
            User(username=f"bench-ceo{a.id}", role=Role.CEO, password="!", email=a.email)
            for a in booked
        )
        for application, ceo in zip(booked, ceos, strict=True):
            application.user = ceo
        Application.objects.bulk_update(booked, ["user"], batch_size=2000)
        # Each studio's shows three hours apart (no overlap), half before now and half after,
        # so the board's week and the feed hold bookings at every size.
        first = now - timedelta(hours=3 * (count // STUDIOS) // 2)
        bookings = []
        for n, (application, ceo) in enumerate(zip(booked, ceos, strict=True)):
            starts = first + timedelta(hours=3 * (n // STUDIOS))
            ends = starts + timedelta(hours=2)
            bookings.append(
                Booking(
                    studio=studios[n % STUDIOS],
                    application=application,
                    ceo=ceo,
                    starts_at=starts,
                    ends_at=ends,
                    buffered_start=starts - timedelta(minutes=30),
                    buffered_end=ends + timedelta(minutes=30),
                )
            )
        Booking.objects.bulk_create(bookings, batch_size=2000)

        module = TrainingModule.objects.create(
            campaign=world.campaign, code="camera", title_en="Camera presence"
        )
        TrainingSession.objects.bulk_create(
            TrainingSession(
                module=module,
                trainer=trainer,
                starts_at=now + timedelta(days=n),
                ends_at=now + timedelta(days=n, hours=2),
                location="Room 1",
                capacity=30,
            )
            for n in range(SESSIONS)
        )
        Notification.objects.bulk_create(
            Notification(user=world.lead, kind="bench", title=f"Bench notice {n}", body="Body")
            for n in range(NOTIFICATIONS)
        )
    week = now.date()
    # The applicant detail's subject: a sent application under review, with accounts and
    # answers (bench/data.py gives each some).
    shown = Application.objects.filter(campaign=world.campaign, review__isnull=False)
    return {
        "application": shown.order_by("id").values_list("id", flat=True).first(),
        "size": size,
        "bookings": len(bookings),
        "tokens": tokens,
        "campaign": world.campaign.slug,
        "feed": feed.token,
        "from": week.isoformat(),
        "to": (week + timedelta(days=6)).isoformat(),
    }


if __name__ == "__main__":
    sys.exit(main())
