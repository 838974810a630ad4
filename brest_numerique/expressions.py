"""Des expressions SQL qui marchent sur les deux bases du portail : PostgreSQL en
production et dans les tests, SQLite pour `make run`."""

from django.db.models import JSONField, Subquery


class ListeEnJSON(Subquery):
    """Les valeurs d'une sous-requête à une colonne, en une liste Python, dans la même
    requête que la ligne qui les porte (au lieu d'un prefetch de plus) :

        Dossier.objects.annotate(
            themes=ListeEnJSON(Theme.objects.filter(dossier=OuterRef("pk")).values("libelle"))
        )

    La colonne peut être un JSONObject (une liste de dictionnaires). Une liste vide
    vaut []. L'ordre est celui de la sous-requête (order_by)."""

    template = "(%(subquery)s)"
    output_field = JSONField()

    def _colonne(self) -> tuple[str, bool]:
        """(nom de la colonne de la sous-requête, vrai si elle porte du JSON)."""
        requete = self.query
        if requete.annotation_select:
            nom, expression = next(iter(requete.annotation_select.items()))
            return nom, isinstance(expression.output_field, JSONField)
        champ = requete.model._meta.get_field(requete.values_select[0])
        return champ.column, isinstance(champ, JSONField)

    def as_postgresql(self, compiler, connection, **extra):
        # En texte : psycopg décoderait le json lui-même, JSONField le décode ensuite.
        gabarit = (
            "(SELECT COALESCE(json_agg(liste.valeur), '[]'::json)::text "
            "FROM (%(subquery)s) AS liste(valeur))"
        )
        return self.as_sql(compiler, connection, template=gabarit, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        nom, est_json = self._colonne()
        colonne = connection.ops.quote_name(nom)
        # Un objet JSON qui sort d'une sous-requête redevient du texte pour SQLite :
        # json() le rend à nouveau objet, sinon il serait mis entre guillemets.
        valeur = f"json(liste.{colonne})" if est_json else f"liste.{colonne}"
        gabarit = "(SELECT COALESCE(json_group_array(%s), '[]') FROM (%%(subquery)s) AS liste)"
        gabarit %= valeur
        return self.as_sql(compiler, connection, template=gabarit, **extra)
