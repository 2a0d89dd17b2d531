"""The free-text question of the bank no longer says "(Optional)" in its stored words: the public form's
label says "(optional)" once, as GOV.UK does (feedback_forms.question_label)."""

from django.db import migrations

CHANGES = {
    "improve_comment": (
        ("How could we improve this service? (Optional)", "How could we improve this service?"),
        (
            "How could we make things better? (You do not have to answer)",
            "How could we make things better?",
        ),
    ),
}


def wording_forward(apps, schema_editor):
    question = apps.get_model("performance", "FeedbackQuestion")
    for code, ((old, new), (old_easy, new_easy)) in CHANGES.items():
        question.objects.filter(code=code, wording=old).update(wording=new)
        question.objects.filter(code=code, easy_read_wording=old_easy).update(easy_read_wording=new_easy)


def wording_back(apps, schema_editor):
    question = apps.get_model("performance", "FeedbackQuestion")
    for code, ((old, new), (old_easy, new_easy)) in CHANGES.items():
        question.objects.filter(code=code, wording=new).update(wording=old)
        question.objects.filter(code=code, easy_read_wording=new_easy).update(easy_read_wording=old_easy)


class Migration(migrations.Migration):
    dependencies = [("performance", "0004_feedback")]

    operations = [migrations.RunPython(wording_forward, wording_back)]
