"""Directory records for tests. A service is published and belongs to a new organisation unless told
otherwise: `ServiceFactory(organisation=hub, name="Parenting group")`. Referrals are made through
`referral_create` (the service checks consent and audits), never here."""

import factory
from django.utils import timezone

from equalchance.accounts.tests.factories import OrganisationFactory
from equalchance.directory.models import LocalOfferComment, Service, Submission


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    last_modified = factory.LazyFunction(timezone.now)
    published = True


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    service = factory.SubFactory(ServiceFactory)
    organisation = factory.SelfAttribute("service.organisation")
    data = factory.LazyAttribute(lambda s: {"name": f"{s.service.name} (changed)"})


class LocalOfferCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalOfferComment

    text = "More Saturday sessions please"
