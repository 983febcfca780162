from django.core.management.base import BaseCommand

from onboarding.applicants.models import Campaign


class Command(BaseCommand):
    help = "Load the invented demo data from seeds/ (with --if-empty: only into an empty database)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true")

    def handle(self, *args, if_empty: bool, **options):
        from seeds import demo

        if if_empty and Campaign.objects.exists():
            self.stdout.write("Demo data already there; nothing loaded.")
            return
        demo.load()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
