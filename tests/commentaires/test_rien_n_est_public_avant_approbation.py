"""Propriété : quoi qu'on dépose et quoi que fassent modérateurs et lecteurs, la
page publique montre exactement les commentaires approuvés et non masqués.

Hypothesis tire une suite d'opérations : dépôts (texte Unicode quelconque,
anonymes, usager vérifié, webmestre, réponses), confirmations, approbations,
refus, indésirables, masquages et signalements, par les méthodes du modèle ou
par les services. Le test tient à part son propre registre de ce qui doit être
visible, puis compare avec la page rendue. Chaque exemple s'exécute dans une
transaction annulée à la fin : la base repart vide pour le suivant."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import transaction
from django.test import RequestFactory
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from brest_numerique.etats import TransitionInterdite
from commentaires import services
from commentaires.forms import CommentaireForm
from commentaires.models import Commentaire
from tests.commentaires.outils import analyser, commentaires_affiches, horodatage_d_il_y_a
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db

PIEGES = [
    "<script>alert(1)</script>",
    "https://exemple.fr/page?a=1&b=2",
    "Ligne 1\nLigne 2\n\nParagraphe",
    "\u202eretourné\u200b",
    "   ",
    "&lt;b&gt;",
    "\x00nul",
]
textes = st.one_of(st.text(max_size=120), st.sampled_from(PIEGES))
noms_lisibles = st.sampled_from(["Annaïg", "Loïc", "Équipe", "<b>Nom</b>", "\u202eévitA"])
noms = st.one_of(
    noms_lisibles, noms_lisibles.map(lambda nom: f"{nom} Le Gall"), st.text(max_size=20)
)
# Des indices petits : les opérations se concentrent sur quelques commentaires,
# pour que réponses, réapprobations et signalements en série arrivent souvent.
cibles = st.integers(0, 5)

deposer = st.tuples(
    st.just("deposer"),
    st.sampled_from([0, 0, 1]),  # lieu
    st.sampled_from(["anonyme", "citoyen", "citoyen", "webmestre"]),
    noms,
    st.integers(0, 2),  # adresse des anonymes
    textes,
    # Le parent : aucun, un commentaire publié de premier niveau de la même page
    # (une réponse acceptée), ou n'importe lequel (souvent refusé par le formulaire).
    st.one_of(st.none(), st.tuples(st.sampled_from(["publie", "publie", "quelconque"]), cibles)),
)
moderer = st.tuples(
    st.sampled_from(
        ["approuver", "approuver", "approuver", "rejeter", "marquer_spam", "masquer", "confirmer"]
    ),
    cibles,
    st.booleans(),  # par le service plutôt que la méthode du modèle
)
signaler = st.tuples(st.just("signaler"), cibles, st.integers(0, 3))
operations = st.lists(
    st.one_of(deposer, deposer, moderer, moderer, signaler), min_size=8, max_size=30
)


class Registre:
    """Ce que le test sait de chaque commentaire, sans relire leur statut en base."""

    def __init__(self):
        self.commentaires: list[dict] = []

    def visibles_sur(self, lieu) -> set[int]:
        publies = {c["pk"] for c in self.commentaires if c["publie"]}
        return {
            c["pk"]
            for c in self.commentaires
            if c["lieu"] == lieu.pk
            and c["publie"]
            and (c["parent"] is None or c["parent"] in publies)
        }


def _deposer(registre, lieux, usagers, operation):
    _, lieu_i, qui, nom, adresse_i, texte, parent_i = operation
    lieu = lieux[lieu_i]
    auteur = usagers.get(qui)
    numero = len(registre.commentaires)
    marque = f"marque{numero}z"
    parent = None
    if parent_i is not None:
        sorte, rang = parent_i
        candidats = [
            c
            for c in registre.commentaires
            if sorte == "quelconque" or (c["publie"] and not c["parent"] and c["lieu"] == lieu.pk)
        ]
        parent = candidats[rang % len(candidats)] if candidats else None
    form = CommentaireForm(
        {
            "nom": nom,
            "email": auteur.email if auteur else f"anonyme{adresse_i}@exemple.fr",
            "texte": f"{marque}\n{texte}",
            "parent": parent["pk"] if parent else "",
            "horodatage": horodatage_d_il_y_a(60),
            "site_web": "",
        },
        objet=lieu,
        request=RequestFactory().post("/"),
    )
    if not form.is_valid():
        event("un dépôt refusé par le formulaire")
        return
    commentaire = services.commentaire_deposer(
        objet=lieu, donnees=form.cleaned_data, auteur=auteur, ip="203.0.113.7"
    )
    # Le formulaire n'accepte une réponse qu'à un commentaire publié de premier niveau.
    if parent is not None:
        assert parent["publie"] and parent["parent"] is None and parent["lieu"] == lieu.pk
    registre.commentaires.append(
        {
            "pk": commentaire.pk,
            "lieu": lieu.pk,
            "parent": parent["pk"] if parent else None,
            "marque": marque,
            # Seul ce qu'écrit un modérateur est publié sans modération.
            "publie": qui == "webmestre",
            "signaleurs": set(),
            "signaleurs_depuis_approbation": set(),
        }
    )


def _moderer(registre, webmestre, operation):
    action, cible_i, par_le_service = operation
    cible = registre.commentaires[cible_i % len(registre.commentaires)]
    commentaire = Commentaire.objects.get(pk=cible["pk"])
    try:
        if action == "confirmer":
            if par_le_service:
                services.commentaire_confirmer(pk=commentaire.pk)
            else:
                commentaire.confirmer()
        elif action == "approuver" and par_le_service:
            commentaire.approuver(par=webmestre)
        elif action == "rejeter" and par_le_service:
            commentaire.rejeter(par=webmestre, motif="non")
        else:
            getattr(commentaire, action)(par=webmestre)
    except TransitionInterdite:
        return
    if action == "approuver":
        cible["publie"] = True
        cible["signaleurs_depuis_approbation"] = set()
    elif action != "confirmer":
        cible["publie"] = False


def _signaler(registre, operation):
    _, cible_i, signaleur_i = operation
    cible = registre.commentaires[cible_i % len(registre.commentaires)]
    if not cible["publie"]:
        return  # la vue répond 404 : on ne signale qu'un commentaire publié
    commentaire = Commentaire.objects.get(pk=cible["pk"])
    # Un lecteur anonyme par adresse : autant de personnes distinctes.
    signaleur = f"198.51.100.{signaleur_i}"
    nouveau = services.commentaire_signaler(
        commentaire=commentaire, raison="spam", compte=None, ip=signaleur
    )
    assert nouveau == (signaleur not in cible["signaleurs"])
    if nouveau:
        cible["signaleurs"].add(signaleur)
        cible["signaleurs_depuis_approbation"].add(signaleur)
    seuil = django_settings.COMMENTAIRES_SEUIL_SIGNALEMENTS
    if len(cible["signaleurs_depuis_approbation"]) >= seuil and cible["publie"]:
        cible["publie"] = False
        event("masqué par les signalements")


def _verifier_la_page(client, registre, lieu):
    # Chaque exemple tourne dans une transaction jamais validée : la version des
    # commentaires, changée après validation, ne bouge pas. On vide donc le cache
    # des pages pour juger la règle de visibilité elle-même (l'invalidation du
    # cache a son propre test, test_cache_des_pages.py).
    cache.clear()
    reponse = client.get(lieu.get_absolute_url())
    assert reponse.status_code == 200
    html = reponse.content.decode()
    attendus = registre.visibles_sur(lieu)
    affiches = commentaires_affiches(reponse)

    assert set(affiches) == attendus
    if any(c["parent"] and c["pk"] in attendus for c in registre.commentaires):
        event("une réponse visible")
    for commentaire in registre.commentaires:
        if commentaire["pk"] in attendus:
            assert commentaire["marque"] in affiches[commentaire["pk"]].texte()
        else:
            assert commentaire["marque"] not in html
    premier_niveau = [c for c in registre.commentaires if c["parent"] is None]
    nombre = len([c for c in premier_niveau if c["pk"] in attendus])
    titre = [h for h in analyser(reponse).tous("h2") if h.attribut("id") == "titre-commentaires"]
    assert titre[0].texte() == (f"Commentaires ({nombre})" if nombre else "Commentaires")


@pytest.fixture
def monde(db, citoyen, webmestre):
    lieux = LieuFactory.create_batch(2)
    return lieux, {"anonyme": None, "citoyen": citoyen, "webmestre": webmestre}


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=operations)
# Deux scénarios écrits à la main, joués à chaque fois en plus des tirages.
@example(
    operations=[
        ("deposer", 0, "citoyen", "Annaïg", 0, "Premier avis", None),
        ("approuver", 0, True),
        ("deposer", 0, "citoyen", "Loïc", 0, "Une réponse", ("publie", 0)),
        ("approuver", 1, False),
        ("deposer", 0, "anonyme", "Yann", 1, "Une réponse à confirmer", ("publie", 0)),
        ("deposer", 0, "citoyen", "Yann", 1, "Une réponse refusée", ("publie", 0)),
        ("rejeter", 3, True),
        ("signaler", 0, 0),
        ("signaler", 0, 1),
        ("signaler", 0, 1),
        ("signaler", 0, 2),  # masqué : sa réponse disparaît avec lui
        ("approuver", 0, True),  # réapprouvé : les deux reviennent
        ("signaler", 0, 3),  # un signalement neuf ne suffit pas à remasquer
    ]
)
@example(
    operations=[
        ("deposer", 0, "anonyme", "Annaïg", 0, "<script>alert(1)</script>", None),
        ("approuver", 0, True),  # refusé : adresse non confirmée
        ("confirmer", 0, False),
        ("approuver", 0, False),
        # Une réponse depuis une autre page : refusée.
        ("deposer", 1, "webmestre", "Équipe", 0, "Pas ici", ("quelconque", 0)),
        ("deposer", 0, "webmestre", "Équipe", 0, "Réponse de l'équipe", ("publie", 0)),
        ("marquer_spam", 0, False),
        ("rejeter", 2, True),
    ]
)
def test_la_page_publique_montre_exactement_les_commentaires_approuves_et_non_masques(
    client, monde, operations
):
    lieux, usagers = monde
    registre = Registre()

    with transaction.atomic():
        for operation in operations:
            if operation[0] == "deposer":
                _deposer(registre, lieux, usagers, operation)
            elif not registre.commentaires:
                continue
            elif operation[0] == "signaler":
                _signaler(registre, operation)
            else:
                _moderer(registre, usagers["webmestre"], operation)

        assert set(Commentaire.objects.publies().values_list("pk", flat=True)) == {
            c["pk"] for c in registre.commentaires if c["publie"]
        }
        for lieu in lieux:
            _verifier_la_page(client, registre, lieu)
        visibles = sum(len(registre.visibles_sur(lieu)) for lieu in lieux)
        event(
            f"visibles\u00a0: {'0' if not visibles else '1 à 2' if visibles < 3 else '3 ou plus'}"
        )
        caches = len(registre.commentaires) - visibles
        event(f"non visibles : {'0' if not caches else '1 à 2' if caches < 3 else '3 ou plus'}")
        transaction.set_rollback(True)
