"""La file de modération (/moderation/), réservée au rôle Webmestres."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from brest_numerique.comptes.roles import action_requise, peut
from brest_numerique.etats import TransitionInterdite
from brest_numerique.jeton_csrf import jeton_csrf
from brest_numerique.methodes import post_seulement
from brest_numerique.nombres import entier
from brest_numerique.pagination import tranche_de_la_page
from brest_numerique.retour import retour_dans
from commentaires import services
from commentaires.cartes_de_la_file import TextesDeLaFile, carte_de_la_file
from commentaires.lignes_de_la_file import lignes_de_la_file
from commentaires.models import (
    Commentaire,
    PreferenceModeration,
    TotalParStatut,
)

PAR_PAGE = 25
FILE = "file"  # filtre par défaut : en attente et masqués


class FiltresFile(forms.Form):
    statut = forms.ChoiceField(
        label=gettext_lazy("Statut"),
        required=False,
        choices=[(FILE, gettext_lazy("À traiter (en attente et masqués)"))]
        + list(Commentaire.Statut.choices),
    )
    page_objet = forms.RegexField(
        label=gettext_lazy("Page"),
        required=False,
        regex=r"^[0-9]{1,18}-[0-9]{1,18}$",
        widget=forms.HiddenInput,
    )


class IdentifiantsField(forms.Field):
    """Les cases cochées : une liste d'identifiants entiers."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        ids = [entier(v) for v in value or []]
        if None in ids:
            raise forms.ValidationError(_("Sélection invalide."))
        return ids


class DecisionForm(forms.Form):
    """La décision sur un commentaire, en un clic depuis sa carte."""

    ACTIONS = [  # les décisions de services.DECISIONS
        ("approuver", gettext_lazy("Approuver")),
        ("rejeter", gettext_lazy("Rejeter")),
        ("marquer_spam", gettext_lazy("Marquer comme indésirable")),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    motif = forms.CharField(required=False, max_length=500)


class ActionForm(DecisionForm):
    """La même décision sur les commentaires cochés."""

    ids = IdentifiantsField()


# Ce que dit le message d'une décision prise en un clic.
FAITS = {
    "approuver": gettext_lazy("Le commentaire de %(nom)s est publié."),
    "rejeter": gettext_lazy("Le commentaire de %(nom)s est rejeté."),
    "marquer_spam": gettext_lazy("Le commentaire de %(nom)s est marqué comme indésirable."),
}

# Le titre de la page (h1 et <title>) selon le filtre de statut.
TITRES = {
    FILE: gettext_lazy("Commentaires à traiter"),
    Commentaire.Statut.EN_ATTENTE_CONFIRMATION: gettext_lazy(
        "Commentaires dont l'adresse est à confirmer"
    ),
    Commentaire.Statut.EN_ATTENTE: gettext_lazy("Commentaires en attente"),
    Commentaire.Statut.PUBLIE: gettext_lazy("Commentaires publiés"),
    Commentaire.Statut.REJETE: gettext_lazy("Commentaires rejetés"),
    Commentaire.Statut.SPAM: gettext_lazy("Commentaires indésirables"),
    Commentaire.Statut.MASQUE: gettext_lazy("Commentaires masqués"),
}


class RythmeForm(forms.Form):
    rythme = forms.ChoiceField(
        label=gettext_lazy("Être prévenu"), choices=PreferenceModeration.Rythme.choices
    )


# Comme Commentaire.objects.a_moderer(), sous forme de condition combinable ; c'est
# aussi la condition de l'index partiel de la file (voir Commentaire.Meta).
A_TRAITER = Q(statut__in=[Commentaire.Statut.EN_ATTENTE, Commentaire.Statut.MASQUE])


def _filtre(filtres: FiltresFile) -> tuple[str, Q]:
    """Le statut choisi (la file par défaut) et la condition de la sélection."""
    valeurs = filtres.cleaned_data if filtres.is_valid() else {}
    statut = valeurs.get("statut") or FILE
    filtre = A_TRAITER if statut == FILE else Q(statut=statut)
    if valeurs.get("page_objet"):
        type_id, objet_id = map(int, valeurs["page_objet"].split("-"))
        filtre &= Q(content_type_id=type_id, object_id=objet_id)
    return statut, filtre


def _compte(selection) -> tuple[str, list]:
    """Le COUNT d'une sélection, dans l'index qui la sert, sans lire les lignes."""
    sql, params = selection.order_by().values("pk").query.sql_with_params()
    # Le SQL vient du compilateur de Django, les valeurs restent des paramètres.
    return f"(SELECT COUNT(*) FROM ({sql}) AS selection)", list(params)  # noqa: S608


def _total_tenu(statut: str) -> tuple[str, list]:
    """Le total d'un statut d'historique, lu dans TotalParStatut (PostgreSQL)."""
    sql, params = (
        TotalParStatut.objects.filter(statut=statut).values("nombre").query.sql_with_params()
    )
    # Une ligne au plus (le statut est la clé), aucune tant que rien n'a ce statut.
    return f"COALESCE(({sql}), 0)", list(params)


def _rythme_choisi(moderateur) -> tuple[str, list]:
    """Le rythme d'avis choisi par ce modérateur, à défaut celui du modèle ; lu
    avec les totaux, dans la même requête."""
    sql, params = (
        PreferenceModeration.objects.filter(moderateur=moderateur)
        .values("rythme")
        .query.sql_with_params()
    )
    # Une ligne au plus : une préférence par modérateur.
    defaut = PreferenceModeration._meta.get_field("rythme").default
    return f"COALESCE(({sql}), %s)", [*params, str(defaut)]


def _totaux(*morceaux: tuple[str, list]) -> list:
    """Plusieurs totaux en une seule requête (un COUNT filtré sur l'union des
    sélections, lui, lisait toute la table)."""
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT " + ", ".join(sql for sql, _ in morceaux),
            [valeur for _, params in morceaux for valeur in params],
        )
        return list(curseur.fetchone())


def _page(request, statut: str, filtre: Q):
    """La page demandée de la sélection, du plus ancien au plus récent.

    Son coût ne doit pas croître avec l'historique : les totaux d'historique se
    lisent dans TotalParStatut, les autres se comptent dans les index (page
    commentée, statut) et partiel de la file, sans lire les lignes ; le
    décalage d'une page profonde se parcourt dans ces mêmes index, qui suivent
    exactement le tri, depuis le bout le plus proche, en n'y lisant que les
    identifiants ; seules les 25 lignes de la page sont lues ensuite, avec leur
    page commentée et leur parent."""
    selection = Commentaire.objects.filter(filtre)
    a_traiter_compte = _compte(Commentaire.objects.filter(A_TRAITER))
    rythme = _rythme_choisi(request.user)
    if filtre == A_TRAITER:
        a_traiter, rythme = _totaux(a_traiter_compte, rythme)
        total = a_traiter
    else:
        tenu = (
            filtre == Q(statut=statut)  # tout un statut, pas une page commentée
            and statut in TotalParStatut.STATUTS_TENUS
            and connection.vendor == "postgresql"
        )
        total, a_traiter, rythme = _totaux(
            _total_tenu(statut) if tenu else _compte(selection), a_traiter_compte, rythme
        )
    # Le processeur de contexte reprend ce total pour le menu des modérateurs.
    request.commentaires_a_moderer = a_traiter
    identifiants = selection.values_list("pk", flat=True)
    croissants = identifiants.order_by("cree_le", "pk")
    paginator = Paginator(croissants, PAR_PAGE)
    paginator.count = total  # propriété mise en cache : déjà comptée
    page = paginator.get_page(request.GET.get("page"))
    # Les identifiants de la page en sous-requête : le décalage se fait dans l'index,
    # depuis le bout le plus proche, les jointures sur les 25 lignes seulement, et
    # le tout en une requête.
    tranche = tranche_de_la_page(page, croissants, identifiants.order_by("-cree_le", "-pk"))
    textes = TextesDeLaFile.pour_la_page(
        libelles_decisions=DecisionForm.ACTIONS,
        csrf_token=jeton_csrf(request),
        retour=request.get_full_path(),
        statut_filtre=statut,
    )
    liens: dict = {}
    # La page porte les cartes écrites, que le gabarit affiche telles quelles.
    page.object_list = [
        carte_de_la_file(ligne, textes=textes, liens=liens) for ligne in lignes_de_la_file(tranche)
    ]
    return page, rythme


@action_requise("moderer_commentaires")
def file(request):
    filtres = FiltresFile(request.GET)
    statut, filtre = _filtre(filtres)
    page, rythme = _page(request, statut, filtre)
    requete = request.GET.copy()
    requete.pop("page", None)
    return render(
        request,
        "commentaires/moderation.html",
        {
            "titre": TITRES[statut],
            "vers_commentaires": True,
            "vers_signalements": peut(request.user, "traiter_signalements_lieux"),
            "filtres": filtres,
            "page": page,
            "requete": requete.urlencode(),
            "actions": ActionForm.ACTIONS,
            "rythme": RythmeForm(initial={"rythme": rythme}),
        },
    )


def annoncer_resultat(request, *, faits: int, refuses: int) -> None:
    """Le bilan d'une décision groupée, pour la file comme pour l'administration."""
    # Même à zéro, le bilan se dit : une sélection déjà traitée par un autre
    # modérateur ne laisse pas la page muette.
    if faits or not refuses:
        niveau = messages.success if faits else messages.info
        niveau(
            request,
            ngettext("%(nombre)s commentaire traité.", "%(nombre)s commentaires traités.", faits)
            % {"nombre": faits},
        )
    if refuses:
        messages.warning(
            request,
            ngettext(
                "%(nombre)s commentaire ignoré\u00a0: son statut ne permet pas cette action.",
                "%(nombre)s commentaires ignorés\u00a0: leur statut ne permet pas cette action.",
                refuses,
            )
            % {"nombre": refuses},
        )


def _retour(request) -> str:
    """Revenir à la file telle qu'elle était filtrée, jamais ailleurs."""
    return retour_dans(request, reverse("commentaires:moderation"))


@post_seulement(retour="commentaires:moderation")
@action_requise("moderer_commentaires")
def agir(request):
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cochez au moins un commentaire et choisissez une action."))
        return redirect(_retour(request))
    faits, refuses = services.commentaires_appliquer(
        ids=form.cleaned_data["ids"],
        action=form.cleaned_data["action"],
        par=request.user,
        motif=form.cleaned_data["motif"],
    )
    annoncer_resultat(request, faits=faits, refuses=refuses)
    return redirect(_retour(request))


@post_seulement(retour="commentaires:moderation")
@action_requise("moderer_commentaires")
def decider(request, pk: int):
    """Une décision en un clic sur un commentaire de la file, par le même service que
    le lot ; on revient à la file telle qu'elle était (filtre et page)."""
    commentaire = get_object_or_404(Commentaire, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez une décision pour ce commentaire."))
        return redirect(_retour(request))
    action = form.cleaned_data["action"]
    try:
        services.commentaire_decider(
            commentaire=commentaire,
            action=action,
            par=request.user,
            motif=form.cleaned_data["motif"],
        )
    except TransitionInterdite as refus:
        messages.warning(request, str(refus))
    else:
        messages.success(request, FAITS[action] % {"nom": commentaire.nom})
    return redirect(_retour(request))


@post_seulement(retour="commentaires:moderation")
@action_requise("moderer_commentaires")
def rythme(request):
    form = RythmeForm(request.POST)
    if form.is_valid():
        PreferenceModeration.objects.update_or_create(
            moderateur=request.user, defaults={"rythme": form.cleaned_data["rythme"]}
        )
        messages.success(request, _("Votre préférence de notification est enregistrée."))
    return redirect("commentaires:moderation")
