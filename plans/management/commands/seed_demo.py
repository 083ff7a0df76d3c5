import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from plans.demo import DEMO_PASSWORD, DEMO_PEOPLE, DEMO_PLANS, demo_plan
from plans.sections import registry
from plans.sections.extensions import extensions


class Command(BaseCommand):
    help = "Create the demo organisation, its people in every role and a complete demo plan."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=list(DEMO_PLANS), default="small")
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, size, quiet, **options):
        # Demo data notifies nobody: tasks that run in-process (no broker) would otherwise
        # print every mention and review request of the demo to the console. The override
        # wraps the commit too, where the e-mail tasks are enqueued.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            plan, owner = self.seed(size)
        if not quiet:
            self.stdout.write(self.style.SUCCESS(f"Demo plan ready: {plan.title} ({plan.uuid})"))
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
            for email, name, role, _language in DEMO_PEOPLE:
                self.stdout.write(f"  {email:32} {name:16} {role}")

    @transaction.atomic
    def seed(self, size):
        plan, owner = demo_plan(size=size)
        rng = random.Random(2026)  # the same demo every time
        for section in registry.demo_order():
            if section.demo:
                section.demo(plan, size=size, user=owner, rng=rng)
        # Apps beyond the sections (approvals, discussions...) add theirs after every section
        extensions.demo(plan, size=size, user=owner, rng=rng)
        return plan, owner
