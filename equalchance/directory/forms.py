import calendar

from django import forms
from django.contrib.auth import password_validation
from django.utils import timezone

from equalchance.accounts.models import Organisation, User
from equalchance.directory import childcare, local_offer, search
from equalchance.directory.importers.taxonomies import ACCESSIBILITY, FAMILY_HUBS, SEND_NEEDS
from equalchance.directory.models import ProblemReport, TaxonomyTerm


def term_choices(taxonomy: str) -> list[tuple[str, str]]:
    return [(str(t.id), t.name) for t in TaxonomyTerm.objects.filter(taxonomy__name=taxonomy)]


def childcare_choices(terms: list[childcare.Term]) -> list[tuple[str, str]]:
    """The childcare terms loaded, in childcare.py's order (not A to Z: the types, then the hours)."""
    loaded = set(
        TaxonomyTerm.objects.filter(id__in=[childcare.term_id(t.code) for t in terms]).values_list(
            "id", flat=True
        )
    )
    return [(str(childcare.term_id(t.code)), t.name) for t in terms if childcare.term_id(t.code) in loaded]


class DateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes (drawn by directory/includes/date_field.html)."""

    input_type = "date-parts"

    def __init__(self):
        super().__init__({"day": forms.TextInput, "month": forms.TextInput, "year": forms.TextInput})

    def decompress(self, value):
        return _date_parts(value)


def _date_parts(value) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(part or "") for part in value] + [""] * (3 - len(value))
    if isinstance(value, str) and len(value) == 10:  # an ISO date, as an entry keeps it
        year, month, day = value.split("-")
        return [str(int(day)), str(int(month)), year]
    return ["", "", ""]


class DateField(forms.Field):
    """A date typed into three boxes, as people write it; cleaned to ISO text ("2024-03-12"), which is
    how a proposed entry (JSON) keeps it. `what` names the date in messages."""

    widget = DateInput

    def __init__(self, *, what: str, **kwargs):
        self.what = what
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return _date_parts(value)

    def to_python(self, value):
        day, month, year = _date_parts(value)
        try:
            found = childcare.date_from_parts(day, month, year, what=self.what, today=timezone.localdate())
        except childcare.DateProblem as problem:
            raise forms.ValidationError(str(problem)) from None
        return found.isoformat() if found else ""


DISTANCES = [("1", "1 km"), ("2", "2 km"), ("5", "5 km"), ("10", "10 km"), ("25", "25 km")]


class SearchForm(forms.Form):
    """The public search: every field optional; the page works as a plain GET form without JavaScript."""

    q = forms.CharField(
        label="Search for", required=False, max_length=200, help_text="For example, stay and play"
    )
    category = forms.TypedChoiceField(label="Type of support", required=False, coerce=str, empty_value="")
    need = forms.TypedChoiceField(
        label="Special educational need or disability", required=False, empty_value=""
    )
    access = forms.TypedChoiceField(label="Accessibility of the place", required=False, empty_value="")
    day = forms.TypedChoiceField(
        label="Open on",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any day")] + [(str(i), f"{calendar.day_name[i]}s") for i in range(7)],
    )
    time = forms.ChoiceField(
        label="Open in the",
        required=False,
        choices=[("", "Any time")] + [(key, label) for key, (label, _, _) in search.TIMES_OF_DAY.items()],
    )
    age = forms.IntegerField(
        label="Age of the child or young person",
        required=False,
        min_value=0,
        max_value=25,
        error_messages={
            "min_value": "Enter an age from 0 to 25",
            "max_value": "Enter an age from 0 to 25",
            "invalid": "Enter an age in years, like 4",
        },
    )
    free = forms.BooleanField(label="Free services only", required=False)
    postcode = forms.CharField(
        label="Near postcode",
        required=False,
        max_length=10,
        help_text="For example, B37 7UH",
        error_messages={"max_length": "Enter a real postcode, like B37 7UH"},
    )
    within = forms.ChoiceField(label="Within", choices=DISTANCES, required=False, initial="5")
    everywhere = forms.BooleanField(
        label="Include services outside Solihull, Rotherham and Redditch", required=False
    )
    sort = forms.ChoiceField(label="Sort by", choices=list(search.SORTS.items()), required=False)

    # The fields behind "Filter results" (the search box, postcode and distance are always shown).
    FILTERS = ("age", "category", "need", "access", "day", "time", "free", "everywhere")

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get("within"):
            # A link without a distance searches 5 km, and the box says so (not its first choice, 1 km).
            data = data.copy()
            data["within"] = self.base_fields["within"].initial
        super().__init__(data, *args, **kwargs)
        groups = []
        for parent in TaxonomyTerm.objects.filter(taxonomy__name=FAMILY_HUBS, parent=None).prefetch_related(
            "children"
        ):
            groups.append(
                (
                    parent.name,
                    [(str(child.id), f"{parent.name}: {child.name}") for child in parent.children.all()],
                )
            )
            groups[-1][1].insert(0, (str(parent.id), parent.name))
        if TaxonomyTerm.objects.filter(id=childcare.PARENT_ID).exists():
            # The product's own Childcare taxonomy, among the DfE categories in A to Z order.
            cared = childcare_choices(childcare.TERMS)
            groups.append(
                (
                    childcare.PARENT,
                    [(str(childcare.PARENT_ID), childcare.PARENT)]
                    + [(value, f"{childcare.PARENT}: {label}") for value, label in cared],
                )
            )
            groups.sort(key=lambda group: group[0].casefold())
        self.fields["category"].choices = [("", "Any")] + [
            choice for _, choices in groups for choice in choices
        ]
        self.fields["need"].choices = [("", "Any")] + term_choices(SEND_NEEDS)
        self.fields["access"].choices = [("", "Any")] + term_choices(ACCESSIBILITY)

    def query(self, page: int) -> search.Query:
        data = self.cleaned_data
        return search.Query(
            words=data.get("q") or "",
            category=data.get("category") or None,
            need=data.get("need") or None,
            access=data.get("access") or None,
            day=data.get("day"),
            time_of_day=data.get("time") or "",
            age=data.get("age"),
            free=bool(data.get("free")),
            postcode=data.get("postcode") or "",
            within_km=float(data.get("within") or 5),
            everywhere=bool(data.get("everywhere")),
            sort=data.get("sort") or ("distance" if data.get("postcode") else "relevance"),
            page=page,
        )


class RegisterForm(forms.Form):
    """A service provider signs up to propose entries for their organisation."""

    organisation = forms.CharField(
        label="Organisation name",
        max_length=300,
        error_messages={"required": "Enter the name of your organisation"},
    )
    kind = forms.ChoiceField(
        label="Type of organisation",
        widget=forms.RadioSelect,
        choices=[
            (Organisation.Kind.VOLUNTARY, "Voluntary or community organisation"),
            (Organisation.Kind.EARLY_YEARS, "Early years or childcare provider"),
            (Organisation.Kind.SCHOOL, "School"),
            (Organisation.Kind.BUSINESS, "Business or private provider"),
            (Organisation.Kind.OTHER, "Other"),
        ],
        error_messages={"required": "Choose the type of organisation"},
    )
    description = forms.CharField(
        label="What your organisation does",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Say what your organisation does"},
    )
    public_email = forms.EmailField(
        label="Email address for the public (optional)",
        required=False,
        help_text="Shown in the directory and the open data feed, for people to contact your organisation",
        error_messages={"invalid": "Enter an email address like enquiries@example.org"},
    )
    email = forms.EmailField(
        label="Your email address",
        help_text="For signing in and our messages to you. It is not published.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address like name@example.org",
        },
    )
    password = forms.CharField(
        label="Choose a password",
        widget=forms.PasswordInput,
        help_text="At least 12 characters. A few unrelated words are easy to remember and hard to guess.",
        max_length=128,
        error_messages={"required": "Choose a password"},
    )

    def clean(self):
        cleaned = super().clean()
        password, email = cleaned.get("password"), cleaned.get("email")
        if password:
            # The product's one password policy (settings.AUTH_PASSWORD_VALIDATORS).
            candidate = User(username=(email or "").split("@")[0], email=email or "")
            try:
                password_validation.validate_password(password, user=candidate)
            except forms.ValidationError as problems:
                self.add_error("password", problems)
        return cleaned


class EntryForm(forms.Form):
    """A directory entry as an organisation proposes it; every field is kept when the form is refused."""

    name = forms.CharField(
        label="Name of the service",
        max_length=300,
        error_messages={"required": "Enter the name of the service"},
    )
    description = forms.CharField(
        label="What it offers",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Say what the service offers"},
    )
    categories = forms.MultipleChoiceField(
        label="Types of support",
        widget=forms.CheckboxSelectMultiple,
        required=False,  # childcare may be the only type of support (checked in clean)
        help_text="Childcare providers can choose their type of childcare below instead",
    )
    send_needs = forms.MultipleChoiceField(
        label="SEND needs it supports (Local Offer)", widget=forms.CheckboxSelectMultiple, required=False
    )
    minimum_age = forms.IntegerField(label="Youngest age", required=False, min_value=0, max_value=120)
    maximum_age = forms.IntegerField(label="Oldest age", required=False, min_value=0, max_value=120)
    free = forms.TypedChoiceField(
        label="Is it free?",
        choices=[("yes", "Yes, free"), ("no", "No, there is a cost")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether it is free"},
    )
    fees_description = forms.CharField(label="Costs", required=False, max_length=500)
    eligibility_description = forms.CharField(label="Who can use it", required=False, max_length=1000)
    opening_times = forms.CharField(
        label="Opening times",
        required=False,
        max_length=300,
        help_text="For example, Tuesdays 10am to 12pm in term time",
    )
    address = forms.CharField(label="Address (first line)", required=False, max_length=200)
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)
    accessibility = forms.MultipleChoiceField(
        label="Accessibility of the place", widget=forms.CheckboxSelectMultiple, required=False
    )
    url = forms.URLField(
        label="Website",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address like https://example.org"},
    )
    email = forms.EmailField(
        label="Email",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    phone = forms.RegexField(
        label="Phone",
        required=False,
        regex=r"^[0-9 +()]{6,20}$",
        error_messages={"invalid": "Enter a phone number like 0121 496 0000"},
    )

    # Childcare: its own section of the form.
    childcare_types = forms.MultipleChoiceField(
        label="Type of childcare", widget=forms.CheckboxSelectMultiple, required=False
    )
    funded_hours = forms.MultipleChoiceField(
        label="Funded hours offered",
        help_text="The government's free childcare hours your service offers",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    ofsted_urn = forms.CharField(
        label="Ofsted registration number (URN)",
        required=False,
        max_length=20,
        help_text="For example, EY123456 or 2654321. It is on your Ofsted registration certificate.",
        error_messages={
            "max_length": "Enter the Ofsted registration number (URN) like EY123456 or 2654321",
        },
    )
    ofsted_grade = forms.ChoiceField(
        label="Latest Ofsted grade",
        required=False,
        choices=[("", "Not given")] + childcare.GRADES,
        error_messages={"invalid_choice": "Choose the latest Ofsted grade from the list"},
    )
    ofsted_inspected = DateField(
        label="Date of the latest Ofsted inspection",
        what="The date of the latest Ofsted inspection",
        required=False,
        help_text="For example, 12 3 2024",
    )
    CHILDCARE_FIELDS = ("childcare_types", "funded_hours", "ofsted_urn", "ofsted_grade", "ofsted_inspected")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["childcare_types"].choices = childcare_choices(childcare.TYPES)
        self.fields["funded_hours"].choices = childcare_choices(childcare.FUNDED_HOURS)
        self.fields["categories"].choices = [
            (str(t.id), f"{t.parent.name}: {t.name}")
            for t in TaxonomyTerm.objects.filter(taxonomy__name=FAMILY_HUBS)
            .exclude(parent=None)
            .select_related("parent")
            .order_by("parent__name", "name")
        ]
        self.fields["send_needs"].choices = term_choices(SEND_NEEDS)
        self.fields["accessibility"].choices = term_choices(ACCESSIBILITY)
        for question in local_offer.QUESTIONS:
            self.fields[local_offer.field_name(question)] = forms.CharField(
                label=question.text,
                help_text=question.hint,
                required=False,
                max_length=2000,
                widget=forms.Textarea,
            )

    def local_offer_fields(self):
        """The Local Offer questions' fields, for their own section of the form."""
        return [self[local_offer.field_name(q)] for q in local_offer.QUESTIONS]

    def clean_ofsted_urn(self):
        typed = self.cleaned_data["ofsted_urn"]
        urn = childcare.urn_normalised(typed)
        if not urn or childcare.is_real_urn(urn):
            return urn
        if childcare.SYNTHETIC_URN.match(urn) and urn == self.initial.get("ofsted_urn"):
            return urn  # a synthetic entry's made-up number, unchanged
        raise forms.ValidationError(
            "Enter the Ofsted registration number (URN) like EY123456 or 2654321: "
            "EY and 6 numbers, or 6 or 7 numbers"
        )

    def clean_postcode(self):
        from equalchance.directory import postcodes

        text = self.cleaned_data["postcode"]
        if text and postcodes.postcode_find(text) is None:
            raise forms.ValidationError("Enter a postcode in Solihull, Rotherham or Redditch, like B37 7UH")
        return postcodes.normalise(text) or ""

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("minimum_age"), cleaned.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error("maximum_age", "The oldest age must be the same as or more than the youngest")
        kinds = cleaned.get("childcare_types")  # None when the choice was refused
        childcare_details = [cleaned.get(name) for name in ("funded_hours", "ofsted_urn", "ofsted_grade")]
        if any(childcare_details) and kinds == []:
            self.add_error(
                "childcare_types", "Choose the type of childcare, as you gave funded hours or Ofsted details"
            )
        elif "categories" in cleaned and not cleaned["categories"] and kinds == []:
            self.add_error("categories", "Choose at least one type of support, or a type of childcare")
        grade, inspected = cleaned.get("ofsted_grade"), cleaned.get("ofsted_inspected")
        if inspected and grade == childcare.NOT_YET_INSPECTED:
            self.add_error(
                "ofsted_inspected",
                "Leave the date of the latest Ofsted inspection empty if it is not yet inspected",
            )
        elif inspected and not grade and "ofsted_grade" in cleaned:
            self.add_error(
                "ofsted_grade", "Choose the latest Ofsted grade, as you gave the date of the inspection"
            )
        return cleaned


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="Why it is being returned",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Say why it is being returned, so the organisation can put it right"},
    )


class FeedbackForm(forms.Form):
    text = forms.CharField(
        label="Your comment on the Local Offer",
        widget=forms.Textarea,
        max_length=3000,
        help_text="What is missing, wrong or good. Do not include anything that identifies a child.",
        error_messages={"required": "Enter your comment"},
    )
    name = forms.CharField(
        label="Your name (optional; shown with your comment)", required=False, max_length=100
    )
    email = forms.EmailField(
        label="Your email address (optional; for a reply, never published)",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )


class ProblemReportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is wrong?",
        choices=ProblemReport.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what is wrong with this page"},
    )
    text = forms.CharField(
        label="Tell us more (optional)",
        widget=forms.Textarea,
        required=False,
        max_length=1000,
        help_text="For example, the right phone number. Do not include your name or anything that "
        "identifies you or a child: we cannot reply to this form.",
        error_messages={"max_length": "Tell us in 1,000 characters or fewer"},
    )


class ResponseForm(forms.Form):
    response = forms.CharField(
        label="The council's response (published with the comment)",
        widget=forms.Textarea,
        max_length=3000,
        required=False,
    )
    decision = forms.ChoiceField(choices=[("publish", "Publish"), ("withhold", "Do not publish")])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "publish" and not cleaned.get("response", "").strip():
            self.add_error("response", "Write the council's response before publishing")
        return cleaned


class ReferralForm(forms.Form):
    person_name = forms.CharField(
        label="Name of the person", max_length=200, error_messages={"required": "Enter the person's name"}
    )
    person_contact = forms.CharField(
        label="How the service should contact them",
        max_length=200,
        help_text="Phone or email, as they asked",
        error_messages={"required": "Enter how the service should contact them"},
    )
    reason = forms.CharField(
        label="What they would like help with",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Say what they would like help with"},
    )
    consent = forms.BooleanField(
        label="The person agrees to this referral and to their details being shared with the service",
        error_messages={"required": "You can refer someone only with their consent"},
    )
    consent_note = forms.CharField(
        label="How they gave consent",
        max_length=300,
        help_text="For example, in person at the family hub today",
        error_messages={"required": "Say how they gave consent"},
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("decline", "Decline")])
    reason = forms.CharField(
        label="Reason (needed to decline)", widget=forms.Textarea, max_length=2000, required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "decline" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Say why the referral is declined")
        return cleaned
