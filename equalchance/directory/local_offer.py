"""The Local Offer questions: what the SEND Regulations 2014 (regulation 53 and Schedule 2) ask the
Local Offer to say about each provider, put as questions a provider answers in plain words.

Answers are kept on the service (`details["local_offer"]`, keyed by question), shown on its page,
searched with the rest of its text, and sent in the open feed as HSDS attributes: each answer is the
`value` of an attribute whose taxonomy term is the question, in the "Local Offer questions" taxonomy
that `taxonomies_load` ships, so another directory can read them back.
"""

import uuid
from dataclasses import dataclass

TAXONOMY = "Local Offer questions (SEND Regulations 2014, Schedule 2)"
TAXONOMY_DESCRIPTION = (
    "What the Local Offer must say about each provider's support for children and young people with "
    "special educational needs or disabilities, as questions"
)


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    hint: str


QUESTIONS = [
    Question(
        "identifying",
        "How do you find out whether a child or young person has special educational needs?",
        "How needs are spotted early, and who to talk to first",
    ),
    Question(
        "involving",
        "How are parents, children and young people involved in planning support?",
        "How families are consulted and take part in decisions",
    ),
    Question(
        "progress",
        "How is progress checked and reviewed?",
        "How you and the family will know how well the support is working",
    ),
    Question(
        "approach",
        "What is your approach to teaching or supporting children and young people with SEND?",
        "",
    ),
    Question(
        "adapting",
        "How do you adapt what you offer, and the place you offer it in?",
        "Changes to activities, the curriculum or the surroundings",
    ),
    Question("extra_support", "What additional support is there?", "For example, one-to-one help"),
    Question(
        "facilities",
        "How can children, young people and families get into and use your building and facilities?",
        "Step-free access, toilets, quiet spaces, parking",
    ),
    Question("staff", "What training and experience do your staff have?", "SEND training, specialist staff"),
    Question(
        "wellbeing",
        "How do you support emotional, mental and social development?",
        "Friendships, confidence, bullying",
    ),
    Question(
        "moving_on",
        "How do you help with moving on: to a new setting, school, college or adult life?",
        "Transitions and preparing for adulthood",
    ),
    Question(
        "activities",
        "What activities are there beyond the main offer, and how are children with SEND included?",
        "",
    ),
    Question(
        "concerns",
        "Who can a family contact with a question, a concern or a complaint?",
        "Including how to disagree with a decision",
    ),
]
BY_KEY = {q.key: q for q in QUESTIONS}
NAMESPACE = uuid.UUID("6c0f0d64-4d1c-4e4e-9a57-0f3b8f2a6d11")
TAXONOMY_ID = uuid.uuid5(NAMESPACE, "taxonomy")


def term_id(key: str) -> uuid.UUID:
    """The stable id of a question's taxonomy term (the same in every installation)."""
    return uuid.uuid5(NAMESPACE, key)


TERM_IDS = {str(term_id(q.key)): q.key for q in QUESTIONS}


def question_of(attribute: dict) -> str | None:
    """The question's key when the attribute is a Local Offer answer."""
    term = attribute.get("taxonomy_term") or {}
    return TERM_IDS.get(str(attribute.get("taxonomy_term_id") or term.get("id") or ""))


def field_name(question: Question) -> str:
    """The question's field in an entry form and a proposed entry."""
    return f"local_offer_{question.key}"


def answered(answers: dict | None) -> list[tuple[Question, str]]:
    """The questions with an answer, in the order of the list."""
    answers = answers or {}
    return [(q, answers[q.key].strip()) for q in QUESTIONS if (answers.get(q.key) or "").strip()]


def attributes(service_id: uuid.UUID, answers: dict | None) -> list[dict]:
    """The answers as HSDS attributes of the service."""
    return [
        {
            "id": str(uuid.uuid5(service_id, f"local-offer/{q.key}")),
            "link_id": str(service_id),
            "link_type": "service",
            "taxonomy_term_id": str(term_id(q.key)),
            "value": answer,
            "taxonomy_term": {
                "id": str(term_id(q.key)),
                "name": q.text,
                "description": q.hint or q.text,
                "code": q.key,
                "taxonomy_id": str(TAXONOMY_ID),
                "taxonomy": TAXONOMY,
            },
        }
        for q, answer in answered(answers)
    ]


def answers_from_attributes(attributes: list[dict]) -> dict[str, str]:
    """Local Offer answers found among a record's attributes."""
    answers = {}
    for attribute in attributes or []:
        key, value = question_of(attribute), attribute.get("value")
        if key and isinstance(value, str) and value.strip():
            answers[key] = value.strip()
    return answers
