"""The directory of services, held as the HSDS 3.0 superset and emitted as the Open Referral UK 3.0
subset. Core fields that are searched and filtered are columns; the nested parts a service page shows
but nothing filters on (contacts, phones, schedules, cost options, languages, service areas, funding)
are kept in HSDS shape in `details`."""

import uuid

from django.db import models

from equalchance.accounts.models import Organisation


class Taxonomy(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    name = models.CharField(max_length=200)
    description = models.TextField()
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="terms")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=200)
    description = models.TextField()
    term_uri = models.URLField(blank=True)

    class Meta:
        ordering = ["taxonomy", "name"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"
        DEFUNCT = "defunct", "Defunct"
        TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True, help_text="Plain text; paragraphs separated by blank lines")
    url = models.URLField(blank=True, max_length=500)
    email = models.EmailField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    fees_description = models.TextField(blank=True)
    free = models.BooleanField(null=True, help_text="Free to use (None: not said)")
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    eligibility_description = models.TextField(blank=True)
    assured_date = models.DateField(null=True, blank=True, help_text="When the entry was last checked")
    last_modified = models.DateTimeField()
    terms = models.ManyToManyField(TaxonomyTerm, blank=True, related_name="services")
    details = models.JSONField(default=dict, blank=True, help_text="HSDS-shaped nested parts")
    published = models.BooleanField(default=False, help_text="Shown to the public and in the open feed")
    synthetic = models.BooleanField(default=False)
    source = models.CharField(max_length=300, blank=True, help_text="Where the entry came from")

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["published", "status"]),
            models.Index(fields=["last_modified"]),
        ]
        constraints = [
            # Everything search filters and sorts on, so that SQLite answers from this index alone
            # instead of reading each matching row (with its long description and details). Unique
            # (as the id is) so that SQLite's planner prefers it to the primary key's own index.
            models.UniqueConstraint(
                fields=[
                    "id",
                    "published",
                    "status",
                    "minimum_age",
                    "maximum_age",
                    "free",
                    "name",
                    "assured_date",
                ],
                name="service_search_covering",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OpeningTime(models.Model):
    """A weekly session of a service, read from its HSDS schedules, so that "open on Saturday
    mornings" is a query. Kept in step with the service by `search_index_refresh`."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="opening_times")
    weekday = models.PositiveSmallIntegerField(help_text="0 is Monday")
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        indexes = [models.Index(fields=["weekday", "opens", "closes", "service"], name="open_at")]


class Location(models.Model):
    class Kind(models.TextChoices):
        PHYSICAL = "physical", "Physical"
        POSTAL = "postal", "Postal"
        VIRTUAL = "virtual", "Virtual"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="locations"
    )
    location_type = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PHYSICAL)
    name = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    postcode = models.CharField(max_length=8, blank=True, db_index=True)
    details = models.JSONField(default=dict, blank=True, help_text="addresses, accessibility (HSDS shape)")

    class Meta:
        indexes = [models.Index(fields=["latitude", "longitude"])]  # "near a postcode" is a box first

    def __str__(self) -> str:
        return self.name or self.postcode or str(self.id)

    def accessibility_notes(self) -> list[str]:
        """What the place's HSDS accessibility records say, a line each."""
        records = self.details.get("accessibility") or []
        return [text for r in records if (text := r.get("description") or r.get("details"))]


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "location"], name="one_link_per_place")]
        indexes = [models.Index(fields=["location", "service"], name="place_services")]  # near a postcode


class DirectoryImport(models.Model):
    """One imported feed or file: what it held, what was cleaned and why, who loaded it."""

    file_name = models.CharField(max_length=300)
    file_format = models.CharField(max_length=20)
    sha256 = models.CharField(max_length=64)
    services = models.PositiveIntegerField(default=0)
    organisations = models.PositiveIntegerField(default=0)
    cleaned = models.JSONField(default=list, help_text="[{file, record, field, what}]")
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey("accounts.User", null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-imported_at"]


class Submission(models.Model):
    """A proposed new entry or change, from an organisation's member, waiting for a moderator.
    Nothing in it is public until it is approved."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for a moderator"
        RETURNED = "returned", "Returned with a reason"
        APPROVED = "approved", "Approved and published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="submissions")
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="submissions"
    )
    data = models.JSONField(help_text="The proposed entry, field by field")
    state = models.CharField(max_length=20, choices=State.choices, default=State.SUBMITTED)
    reason = models.TextField(blank=True, help_text="Why it was returned")
    submitted_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return self.data.get("name", "Entry")


class ServiceHistory(models.Model):
    """Every published change to a service: who, when, and what changed (field: [before, after])."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="history")
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=20)  # created, changed, archived, merged
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["-changed_at", "-id"]


class ReviewReminder(models.Model):
    """A reminder sent to an organisation that a service's entry is due to be checked."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="reminders")
    sent_to = models.EmailField()
    sent_at = models.DateTimeField(auto_now_add=True)
    due = models.DateField()


class LocalOfferComment(models.Model):
    """Feedback on the Local Offer from the public. The council must publish the comments it receives
    and its response (SEND Regulations 2014, regulation 56); the sender's e-mail is never published."""

    class State(models.TextChoices):
        NEW = "new", "Waiting for a response"
        PUBLISHED = "published", "Published with a response"
        WITHHELD = "withheld", "Not published (personal or abusive)"

    text = models.TextField()
    name = models.CharField(max_length=100, blank=True, help_text="Shown only if given")
    email = models.EmailField(blank=True, help_text="For a reply; never published")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    received_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.NEW)
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]


class ProblemReport(models.Model):
    """Someone tells the moderators that a public entry is wrong or out of date ("report a problem with
    this page"). No personal details are asked for; the moderators check the entry and mark it done."""

    class Kind(models.TextChoices):
        CONTACT = "contact", "A phone number, email address or website is wrong"
        PLACE = "place", "The address or map is wrong"
        TIMES = "times", "The opening times are wrong"
        CLOSED = "closed", "The service has closed or moved"
        OTHER = "other", "Something else"

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="problem_reports")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-received_at", "-id"]


class Referral(models.Model):
    """A practitioner refers a person to a service with the person's recorded consent; the provider
    accepts or declines with a reason. Seen only by the referrer and the receiving organisation."""

    class State(models.TextChoices):
        SENT = "sent", "Sent, waiting for the provider"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals")
    # Who the person agreed to share their details with: fixed when the referral is made.
    receiving_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals_received"
    )
    referred_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    person_name = models.CharField(max_length=200)
    person_contact = models.CharField(max_length=200, help_text="Phone or e-mail, as the person asked")
    reason = models.TextField(help_text="What the person would like help with")
    consent_recorded_at = models.DateTimeField(help_text="When the person agreed to be referred")
    consent_note = models.CharField(max_length=300, help_text="How consent was given")
    state = models.CharField(max_length=20, choices=State.choices, default=State.SENT)
    decision_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    personal_details_removed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the person's details were removed (retention or a request)"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Referral to {self.service}"


class ReferralEvent(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    what = models.CharField(max_length=300)

    class Meta:
        ordering = ["at", "id"]


class NotDuplicate(models.Model):
    """Two entries a moderator decided are not the same service: while the decision stands (not
    undone), the pair is never suggested as likely duplicates again. Kept in id order (`first` is the
    smaller id), so a pair has one record whichever way round it was decided; an undone decision stays,
    with who undid it and when."""

    first = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    decided_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField()
    undone_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="not_duplicate_in_order"
            ),
            models.UniqueConstraint(
                fields=["first", "second"],
                condition=models.Q(undone_at__isnull=True),
                name="one_standing_not_duplicate_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"Not duplicates: {self.first_id} and {self.second_id}"
