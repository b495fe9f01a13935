""""Đợt thi đua": the campaigns a unit may propose for, until when, and what it has already filed in each."""

from django.views.generic import TemplateView

from dossiers import selectors
from dossiers.views.common import PageMixin


class CampaignListView(PageMixin, TemplateView):
    """The campaigns of the actor's communes, open ones first; read by unit and commune roles alike."""

    template_name = "dossiers/campaign_list.html"

    def get(self, request, *args, **kwargs):
        rows = selectors.campaign_list_for(scope=self.scope)
        allowed = bool(self.scope.communes_seen)
        context = self.get_context_data(rows=rows, counts_unit=bool(self.scope.unit_ids), allowed=allowed)
        # Someone with no role in a unit or a commune has no campaigns: the page says so, refused.
        return self.render_to_response(context, status=200 if allowed else 403)
