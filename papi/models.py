from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from brest_numerique import etats
from brest_numerique.adresses import adresse_a_slug
from brest_numerique.cache_anonyme import Version
from brest_numerique.etats import Journal, MachineAEtats
from brest_numerique.publication import Publiable
from commentaires.commentable import Commentable
from papi import referentiel as ref
from papi.fields import ListeField
from papi.horaires import JOUR_FERIE, valider_horaires
from papi.querysets import LieuQuerySet
from papi.validation import (
    valider_code_insee,
    valider_code_postal,
    valider_coordonnees,
    valider_pivot,
    valider_telephone,
)


class Commune(models.Model):
    """Les huit communes de Brest métropole (données de référence)."""

    code_insee = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    nom = models.CharField(_("nom"), max_length=100)
    code_postal = models.CharField(_("code postal"), max_length=5)
    latitude = models.FloatField(_("latitude du centre"))
    longitude = models.FloatField(_("longitude du centre"))

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom


class Lieu(Publiable, Commentable, models.Model):
    """Un lieu de médiation numérique : tous les champs du standard national
    v1.0.2 (mêmes noms, sauf `id` → `identifiant`), plus ce que le PAPI offre."""

    # --- Standard national ---
    # Unicité et index dans Meta (voir là) : `identifiant`, `slug` et `code_insee`.
    identifiant = models.CharField(
        _("identifiant"), max_length=200, help_text=_("Colonne « id » du standard.")
    )
    pivot = models.CharField(
        _("pivot (SIRET ou RNA)"),
        max_length=14,
        validators=[valider_pivot],
        help_text=_("SIRET de la structure (14 chiffres) ou numéro RNA de l'association."),
    )
    nom = models.CharField(_("nom"), max_length=250)
    commune = models.CharField(_("commune"), max_length=100)
    code_postal = models.CharField(_("code postal"), max_length=5, validators=[valider_code_postal])
    code_insee = models.CharField(
        _("code INSEE"), max_length=5, blank=True, validators=[valider_code_insee]
    )
    adresse = models.CharField(_("adresse"), max_length=250)
    complement_adresse = models.CharField(_("complément d'adresse"), max_length=250, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    typologie = ListeField(_("typologie"), help_text=_("Codes data·inclusion, ex. EPN|BIB."))
    telephone = models.CharField(
        _("téléphone"),
        max_length=20,
        blank=True,
        validators=[valider_telephone],
        help_text=_("Format international sans espace\u00a0: +33298000000."),
    )
    courriels = ListeField(_("courriels"))
    site_web = ListeField(_("sites web"))
    horaires = models.TextField(
        _("horaires"),
        blank=True,
        validators=[valider_horaires],
        help_text=_(
            "Format OpenStreetMap, ex. « Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off »."
        ),
    )
    presentation_resume = models.CharField(_("présentation courte"), max_length=280, blank=True)
    presentation_detail = models.TextField(_("présentation détaillée"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    itinerance = ListeField(_("itinérance"), choix=ref.ITINERANCE)
    structure_parente = models.CharField(_("structure parente"), max_length=250, blank=True)
    date_maj = models.DateField(_("date de mise à jour"))
    services = ListeField(_("services"), choix=ref.SERVICES)
    publics_specifiquement_adresses = ListeField(
        _("publics spécifiquement adressés"), choix=ref.PUBLICS
    )
    prise_en_charge_specifique = ListeField(
        _("prise en charge spécifique"), choix=ref.PRISES_EN_CHARGE
    )
    frais_a_charge = ListeField(_("frais à charge"), choix=ref.FRAIS)
    dispositif_programmes_nationaux = ListeField(
        _("dispositifs et programmes nationaux"), choix=ref.PROGRAMMES_NATIONAUX
    )
    formations_labels = ListeField(_("formations et labels"), choix=ref.FORMATIONS_LABELS)
    autres_formations_labels = ListeField(_("autres formations et labels"))
    modalites_acces = ListeField(_("modalités d'accès"), choix=ref.MODALITES_ACCES)
    modalites_accompagnement = ListeField(
        _("modalités d'accompagnement"), choix=ref.MODALITES_ACCOMPAGNEMENT
    )
    fiche_acces_libre = models.URLField(_("fiche Acceslibre"), max_length=500, blank=True)
    prise_rdv = models.URLField(_("prise de rendez-vous en ligne"), max_length=500, blank=True)

    # --- Propre aux PAPI de Brest métropole ---
    slug = models.SlugField(_("adresse de la page"), max_length=120, db_index=False)
    nombre_ordinateurs = models.PositiveSmallIntegerField(
        _("nombre d'ordinateurs"), null=True, blank=True
    )
    wifi_gratuit = models.BooleanField(_("Wi-Fi gratuit"), default=False)
    impression = models.BooleanField(_("impression"), default=False)
    prix_impression = models.DecimalField(
        _("prix d'une page imprimée (€)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    scanner = models.BooleanField(_("scanner"), default=False)
    acces_fauteuil = models.BooleanField(
        _("accessible en fauteuil roulant"),
        null=True,
        blank=True,
        help_text=_("Vide\u00a0: non renseigné."),
    )
    publie = models.BooleanField(_("publié"), default=True)
    # La première mise en ligne (services.lieux_enregistrer et lieux_publier) : la
    # fermeture automatique des commentaires en part (COMMENTAIRES_FERMETURE_APRES_JOURS).
    publie_le = models.DateTimeField(_("en ligne depuis le"), null=True, blank=True, editable=False)
    donnees_exemple = models.BooleanField(
        _("données d'exemple"), default=False, help_text=_("Lieu fictif de démonstration.")
    )
    modifie_le = models.DateTimeField(_("modifié le"), auto_now=True)
    # Calculé par PostgreSQL à chaque écriture des textes qu'il lit (déclencheur de
    # la migration 0011) : plein texte français sans accents.
    recherche = SearchVectorField(null=True, editable=False)
    # La Feature GeoJSON du lieu, jusqu'au début de son adresse : écrite par
    # PostgreSQL à chaque écriture des champs qu'elle montre (déclencheur de la
    # migration 0012). NULL sans coordonnées, et sur SQLite. Voir papi/geojson.py.
    carte_geojson = models.TextField(null=True, editable=False)  # noqa: DJ001
    jours_feries_specifiques = models.BooleanField(default=False, editable=False)

    champ_date_publication = "publie_le"
    # Les champs qu'écrivent les déclencheurs de PostgreSQL (migrations 0011 et
    # 0012) : jamais écrits par Python, et lus seulement par la recherche et la carte.
    CALCULES_PAR_LA_BASE = ("recherche", "carte_geojson")

    objects = LieuQuerySet.as_manager()
    # Change à chaque modification des lieux : clés de cache et ETag des pages publiques.
    version_publique = Version("papi:version")

    class Meta:
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        ordering = ["nom"]
        # Déclarés ici plutôt que par unique=True ou db_index=True : sur PostgreSQL,
        # Django double alors chaque index d'un second (varchar_pattern_ops), qui ne
        # sert qu'aux recherches par préfixe (LIKE 'x%'). Aucune ne porte sur ces
        # champs, et chaque lieu écrit payait ces trois index de plus (0,2 s de
        # PostgreSQL sur un import de 20 000 lieux). Un doublon reçoit le même
        # message, sur le même champ, qu'avec unique=True.
        constraints = [
            models.UniqueConstraint(fields=["identifiant"], name="papi_lieu_identifiant_unique"),
            models.UniqueConstraint(fields=["slug"], name="papi_lieu_slug_unique"),
        ]
        indexes = [
            models.Index(fields=["publie", "nom"]),
            models.Index(fields=["code_insee"], name="papi_lieu_code_insee_idx"),
        ]

    def __str__(self) -> str:
        return self.nom

    def get_absolute_url(self) -> str:
        return adresse_a_slug("papi:detail", self.slug)

    @classmethod
    def pour_les_liens(cls) -> models.QuerySet:
        # Le nom et l'adresse : 1 ms au lieu de 3 pour les 25 lieux d'une page de
        # la file de modération, sans les horaires, les services ni la recherche.
        return cls.objects.only("id", "nom", "slug")

    def clean(self):
        valider_coordonnees(self.latitude, self.longitude)

    def services_par_groupe(self) -> list[tuple[str, list[str]]]:
        return [
            (groupe, [s for s in services if s in self.services])
            for groupe, services in ref.GROUPES_DE_SERVICES.items()
            if any(s in self.services for s in services)
        ]

    def libelle_typologie(self) -> str:
        return ", ".join(ref.TYPOLOGIES.get(code, code) for code in self.typologie)


class Creneau(models.Model):
    """Un créneau d'ouverture de la semaine type, dérivé de `Lieu.horaires`,
    pour filtrer en SQL (« ouvert maintenant », « le samedi », « après 18 h »)."""

    lieu = models.ForeignKey(Lieu, on_delete=models.CASCADE, related_name="creneaux")
    jour = models.PositiveSmallIntegerField(
        help_text=f"0 = lundi … 6 = dimanche, {JOUR_FERIE} = férié"
    )
    debut = models.PositiveSmallIntegerField(help_text="minutes depuis minuit")
    fin = models.PositiveSmallIntegerField(help_text="minutes depuis minuit (1440 = minuit)")

    class Meta:
        verbose_name = _("créneau")
        indexes = [models.Index(fields=["jour", "debut", "fin"])]

    def __str__(self) -> str:
        return f"{self.lieu_id} j{self.jour} {self.debut}-{self.fin}"


class SignalementLieu(models.Model):
    """« Signaler une erreur » sur la fiche d'un lieu : ce qu'a écrit le
    visiteur, puis ce qu'en a fait l'équipe (nouveau → traité ou rejeté), selon
    le patron commun des machines à états (brest_numerique/etats.py). Qui et
    quand restent aussi sur la ligne, pour la liste de l'équipe."""

    class Statut(models.TextChoices):
        NOUVEAU = "nouveau", _("Nouveau")
        TRAITE = "traite", _("Traité")
        REJETE = "rejete", _("Rejeté")

    lieu = models.ForeignKey(
        Lieu, on_delete=models.CASCADE, related_name="signalements", verbose_name=_("lieu")
    )
    message = models.TextField(_("message"), max_length=2000)
    # 320 : la longueur que le formulaire accepte (RFC 3696).
    email = models.EmailField(_("adresse du visiteur"), max_length=320, blank=True)
    statut = models.CharField(
        _("statut"), max_length=10, choices=Statut.choices, default=Statut.NOUVEAU
    )
    traite_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("traité par"),
    )
    note = models.TextField(
        _("note de l'équipe"), blank=True, help_text=_("Interne\u00a0: le visiteur ne la voit pas.")
    )
    cree_le = models.DateTimeField(_("reçu le"), default=timezone.now, editable=False)
    traite_le = models.DateTimeField(_("traité le"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("signalement d'erreur")
        verbose_name_plural = _("signalements d'erreur")
        ordering = ["-cree_le"]
        indexes = [models.Index(fields=["statut", "cree_le"])]

    def __str__(self) -> str:
        return gettext("Signalement n° %(numero)s sur « %(lieu)s »") % {
            "numero": self.pk,
            "lieu": self.lieu,
        }

    MACHINE = MachineAEtats(
        journal="historique",
        transitions={
            "traiter": etats.Transition(
                {Statut.NOUVEAU}, Statut.TRAITE, pgettext_lazy("transition interdite", "traiter")
            ),
            "rejeter": etats.Transition(
                {Statut.NOUVEAU}, Statut.REJETE, pgettext_lazy("transition interdite", "rejeter")
            ),
        },
    )

    @transaction.atomic
    def traiter(self, *, par, note: str = "") -> None:
        """L'erreur est corrigée (ou l'information vérifiée) ; le visiteur qui a
        laissé son adresse l'apprend, dans la même transaction."""
        from papi.services import signalement_remercier

        self._clore("traiter", par=par, note=note)
        signalement_remercier(signalement=self)

    def rejeter(self, *, par, note: str = "") -> None:
        """Le signalement est sans objet (erreur du visiteur, message hors sujet)."""
        self._clore("rejeter", par=par, note=note)

    def _clore(self, action: str, *, par, note: str) -> None:
        def qui_et_quand(actuel, vers) -> dict:
            # Une note laissée vide garde celle que l'équipe a pu écrire avant.
            return {"traite_par": par, "traite_le": timezone.now(), "note": note or actuel.note}

        self.MACHINE.passer(self, action, par=par, motif=note, en_plus=qui_et_quand)


class HistoriqueSignalement(Journal):
    signalement = models.ForeignKey(
        SignalementLieu, on_delete=models.CASCADE, related_name="historique"
    )

    class Meta(Journal.Meta):
        verbose_name = _("suite donnée à un signalement")
        verbose_name_plural = _("suites données aux signalements")
