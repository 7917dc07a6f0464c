"""Behaviour shared by every public page type (guides and the site shell's own pages)."""


class GovernmentMetaMixin:
    """Supplies the 政府网站 meta tags (ColumnName, ColumnType, ArticleTitle, PubDate,
    ContentSource) that base.html renders for every page (政府网站发展指引)."""

    column_type = "栏目页"

    @property
    def meta_column_name(self):
        parent = self.get_parent()
        if parent is None or parent.depth <= 2:
            return self.title
        return parent.title

    @property
    def meta_content_source(self):
        department = getattr(self, "department", None)
        return department.name if department else ""

    @property
    def last_updated(self):
        return self.last_published_at or self.latest_revision_created_at or self.first_published_at
