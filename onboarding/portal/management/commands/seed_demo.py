import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from onboarding.applicants.models import Campaign


# The demo data (seeds/) touches every domain app, so its command lives in the top app: only
# the portal (and config's launcher) may import seeds/, as pyproject's import contracts say.
class Command(BaseCommand):
    help = (
        "Load the invented demo data from seeds/, dated from today in China (with --if-empty: "
        "only into an empty database; --today 2027-05-20 dates it from another day)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true")
        parser.add_argument("--today", help="the demo's today, YYYY-MM-DD (default: today)")

    def handle(self, *args, if_empty: bool, today: str | None, **options):
        from seeds import demo

        if if_empty and Campaign.objects.exists():
            self.stdout.write("Demo data already there; nothing loaded.")
            return
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError("--today takes a date such as 2027-05-20.") from None
        started = time.monotonic()
        clock = demo.load(today=day)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded, dated from {clock.today:%Y-%m-%d}, "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
