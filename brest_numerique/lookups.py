"""`champ__parmi=liste` : comme `__in`, mais la liste n'y fait qu'un seul paramètre.

Sur PostgreSQL, `champ = ANY(%s)`, la liste passant en un tableau. `__in` écrit un
paramètre par valeur, que Django prépare un à un puis que psycopg relit dans la
requête : 0,3 s pour les 20 000 identifiants d'un import de lieux
(bench/import_lieux.py), pour une requête que PostgreSQL sert en 50 ms. Ailleurs
(SQLite), c'est `__in` tel quel.

Enregistré sur tous les champs au chargement de l'application brest_numerique.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import Field
from django.db.models.fields.related import ForeignObject
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In


class _EnUnTableau:
    lookup_name = "parmi"

    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value():  # une sous-requête : comme __in
            return self.as_sql(compiler, connection)
        champ = self.lhs.output_field
        valeurs = [
            champ.get_db_prep_value(valeur, connection, prepared=True)
            for valeur in dict.fromkeys(self.rhs)  # sans doublons, dans l'ordre
            if valeur is not None  # NULL n'est égal à rien, comme pour __in
        ]
        if not valeurs:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, valeurs)


@Field.register_lookup
class Parmi(_EnUnTableau, In):
    pass


# Une clé étrangère a ses propres lookups (objets ou clés, comme `__in`).
@ForeignObject.register_lookup
class ParmiLesLies(_EnUnTableau, RelatedIn):
    pass
