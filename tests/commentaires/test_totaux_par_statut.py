"""Les totaux par statut (commentaires.TotalParStatut), tenus par les déclencheurs
de la migration 0007 : après n'importe quelle suite d'écritures (une à une ou
groupées, créations, changements de statut, suppressions, vidage), ils valent ce
que compterait un COUNT ; la file de modération les lit au lieu de compter."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commentaires.models import Commentaire, TotalParStatut
from tests.commentaires.factories import CommentaireFactory
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db

STATUTS = [valeur for valeur, _ in Commentaire.Statut.choices]


def _totaux_tenus() -> dict[str, int]:
    return {t.statut: t.nombre for t in TotalParStatut.objects.all() if t.nombre}


def _comptes_reels() -> dict[str, int]:
    return {
        statut: n
        for statut in TotalParStatut.STATUTS_TENUS
        if (n := Commentaire.objects.filter(statut=statut).count())
    }


ECRITURES = st.lists(
    st.one_of(
        st.tuples(st.just("creer"), st.sampled_from(STATUTS)),
        st.tuples(st.just("creer_en_lot"), st.lists(st.sampled_from(STATUTS), max_size=5)),
        st.tuples(st.just("changer_un"), st.sampled_from(STATUTS)),
        st.tuples(st.just("changer_en_lot"), st.sampled_from(STATUTS), st.sampled_from(STATUTS)),
        st.tuples(st.just("supprimer_un")),
        st.tuples(st.just("supprimer_en_lot"), st.sampled_from(STATUTS)),
    ),
    max_size=12,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ecritures=ECRITURES)
def test_les_totaux_suivent_toute_suite_d_ecritures(lieu, ecritures):
    for ecriture in ecritures:
        action, *arguments = ecriture
        if action == "creer":
            CommentaireFactory(objet=lieu, statut=arguments[0])
        elif action == "creer_en_lot":
            Commentaire.objects.bulk_create(
                CommentaireFactory.build(objet=lieu, statut=statut) for statut in arguments[0]
            )
        elif action == "changer_un":
            commentaire = Commentaire.objects.order_by("?").first()
            if commentaire:
                commentaire.statut = arguments[0]
                commentaire.save(update_fields=["statut"])
        elif action == "changer_en_lot":
            Commentaire.objects.filter(statut=arguments[0]).update(statut=arguments[1])
        elif action == "supprimer_un":
            commentaire = Commentaire.objects.order_by("?").first()
            if commentaire:
                commentaire.delete()
        else:
            Commentaire.objects.filter(statut=arguments[0]).delete()
        assert _totaux_tenus() == _comptes_reels()


def test_un_changement_sans_changer_le_statut_ne_touche_pas_aux_totaux(lieu):
    commentaire = CommentaireFactory(objet=lieu, statut="publie")
    Commentaire.objects.filter(pk=commentaire.pk).update(texte="Texte corrigé")
    assert _totaux_tenus() == {"publie": 1}


def test_un_vidage_de_la_table_vide_les_totaux(lieu):
    CommentaireFactory.create_batch(3, objet=lieu, statut="publie")
    with connection.cursor() as curseur:
        # Les clés étrangères de Django sont vérifiées à la validation : PostgreSQL
        # refuse de vider une table qui a encore des vérifications en attente.
        curseur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        curseur.execute("TRUNCATE commentaires_commentaire CASCADE")
    assert _totaux_tenus() == {}


def test_un_depot_ne_touche_a_aucune_ligne_de_total(lieu):
    """Les commentaires déposés (à confirmer, en attente) n'ont pas de total tenu :
    deux dépôts simultanés n'attendent jamais le verrou d'une même ligne."""
    CommentaireFactory(objet=lieu, statut="en_attente_confirmation")
    CommentaireFactory(objet=lieu, statut="en_attente")
    assert not TotalParStatut.objects.exists()


def test_la_file_lit_le_total_tenu_et_compte_le_reste(client, webmestre):
    client.force_login(webmestre)
    lieux = LieuFactory.create_batch(2)
    CommentaireFactory.create_batch(30, objet=lieux[0], statut="publie")
    CommentaireFactory.create_batch(2, objet=lieux[1], statut="publie")

    def totaux_lus(adresse: str) -> str:
        with CaptureQueriesContext(connection) as requetes:
            html = client.get(adresse).content.decode()
        (sql,) = [r["sql"] for r in requetes if "COUNT(*) FROM (" in r["sql"]]
        return html, sql

    html, sql = totaux_lus("/moderation/?statut=publie")
    assert "commentaires_totalparstatut" in sql
    assert "32 commentaires" in html
    # Les commentaires d'une seule page : un total que la table ne tient pas, compté.
    type_id = ContentType.objects.get_for_model(lieux[1]).pk
    html, sql = totaux_lus(f"/moderation/?statut=publie&page_objet={type_id}-{lieux[1].pk}")
    assert "commentaires_totalparstatut" not in sql
    assert "2 commentaires" in html
