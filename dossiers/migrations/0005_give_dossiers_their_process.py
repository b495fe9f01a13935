"""Give the dossiers submitted before work items existed their viewflow process and open task (issue 3).

Mirrors workflow.workitems with the historical models: one process per dossier that left the draft, a done
start task, and the open task of its state (none when closed). The current step is dated from the dossier's
last change; review and decision steps get their due date in working days from then (workflow.calendar, the
national calendar plus the commune's configured days). Reversing removes what this made.
"""

from django.db import migrations

REF = "workflow/flows.DossierFlow."
STEP_OF_STATE = {
    "submitted": "review", "in_review": "review", "returned": "revision", "posted": "posting",
    "council": "council", "awaiting_decision": "decision", "suspended": "suspension",
}
TASK_TYPE = {"review": "HUMAN", "revision": "HUMAN", "posting": "HUMAN", "council": "FUNCTION",
             "decision": "HUMAN", "suspension": "HUMAN"}
PERMISSION = {"review": "review_for_commune", "revision": "propose_for_unit", "posting": "review_for_commune",
              "council": "manage_council", "decision": "decide_for_commune", "suspension": "review_for_commune"}
CLOSED = {"decided": "DONE", "rejected": "DONE", "revoked": "DONE", "withdrawn": "CANCELED"}


def _days(dossier, setting, default):
    value = getattr(dossier.campaign, setting)
    if value is not None:
        return value
    values = [getattr(n.award_type, setting) for n in dossier.nominations.all()]
    values = [v for v in values if v is not None]
    return max(values) if values else default


def forwards(apps, schema_editor):
    from django.conf import settings
    from django.utils import timezone

    from viewflow.workflow.token import Token

    from workflow import calendar

    Dossier = apps.get_model("dossiers", "Dossier")
    Process = apps.get_model("viewflow", "Process")
    Task = apps.get_model("viewflow", "Task")
    ContentType = apps.get_model("contenttypes", "ContentType")
    dossier_type, _ = ContentType.objects.get_or_create(app_label="dossiers", model="dossier")
    organization_type, _ = ContentType.objects.get_or_create(app_label="roles", model="organization")
    pending = (
        Dossier.objects.filter(process__isnull=True)
        .exclude(state="draft")
        .select_related("campaign")
        .prefetch_related("nominations__award_type")
    )
    for dossier in pending:
        since = dossier.updated_at
        step = STEP_OF_STATE.get(dossier.state)
        process = Process.objects.create(
            flow_class="workflow/flows.DossierFlow",
            status=CLOSED.get(dossier.state, "NEW"),
            created=dossier.submitted_at or since,
            finished=None if step else since,
            artifact_content_type=dossier_type,
            artifact_object_id=dossier.pk,
        )
        Task.objects.create(process=process, flow_task=REF + "start", flow_task_type="START", token=Token("start"),
                            status="DONE", created=process.created, finished=process.created)
        due = None
        if step:
            day = timezone.localdate(since)
            if step == "review":
                due = calendar.add_working_days(
                    day, _days(dossier, "review_working_days", settings.REVIEW_WORKING_DAYS), commune=dossier.commune_id
                )
            elif step == "decision":
                due = calendar.add_working_days(
                    day, _days(dossier, "decision_working_days", settings.DECISION_WORKING_DAYS),
                    commune=dossier.commune_id,
                )
            elif step == "posting":
                due = dossier.posting_ends_on
            owner = dossier.assignee_id if step in ("review", "posting") else None
            Task.objects.create(
                process=process, flow_task=REF + step, flow_task_type=TASK_TYPE[step], token=Token("start"),
                status="ASSIGNED" if owner else "NEW", owner_id=owner, created=since, assigned=since if owner else None,
                owner_permission=f"roles.{PERMISSION[step]}", owner_permission_content_type=organization_type,
                owner_permission_obj_pk=str(dossier.unit_id if step == "revision" else dossier.commune_id),
                data={"due_on": due.isoformat()} if due else {},
            )
        # update(): the protected FSM field and the version stay as they are.
        Dossier.objects.filter(pk=dossier.pk).update(process=process, due_on=due)


def backwards(apps, schema_editor):
    Dossier = apps.get_model("dossiers", "Dossier")
    Process = apps.get_model("viewflow", "Process")
    ids = list(Dossier.objects.filter(process__isnull=False).values_list("process_id", flat=True))
    Dossier.objects.update(process=None, due_on=None)
    Process.objects.filter(pk__in=ids).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0004_work_items"),
        ("workflow", "0003_calendarday"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
