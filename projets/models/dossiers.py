"""Le dossier d'une structure à une édition, son budget en lignes et son cycle :

    brouillon → déposé → en instruction ↔ à compléter → prêt pour le jury
    déposé | en instruction → irrecevable (motif obligatoire)
    déposé … prêt pour le jury → sans suite (retrait par la structure)
    prêt pour le jury → en jury → retenu | non retenu | liste d'attente → (retenu) voté

La décision du jury (retenu, non retenu, liste d'attente) se révise jusqu'au vote
du conseil ; la structure ne la connaît qu'une fois notifiée (projets/deliberation),
d'ici là elle lit « examiné par le jury » (statut_pour_la_structure).

Chaque transition est une méthode du modèle (patron de brest_numerique/etats.py) :
elle verrouille la ligne, écrit l'historique et met ses courriels dans la boîte
d'envoi, dans la même transaction."""

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from brest_numerique import etats
from brest_numerique.etats import Journal, MachineAEtats
from projets.models.editions import AppelAProjets, Theme
from projets.models.structures import Structure


class Statut(models.TextChoices):
    BROUILLON = "brouillon", _("Brouillon")
    DEPOSE = "depose", _("Déposé")
    EN_INSTRUCTION = "en_instruction", _("En instruction")
    A_COMPLETER = "a_completer", _("À compléter")
    PRET_POUR_JURY = "pret_pour_jury", _("Prêt pour le jury")
    IRRECEVABLE = "irrecevable", _("Irrecevable")
    SANS_SUITE = "sans_suite", _("Classé sans suite")
    EN_JURY = "en_jury", _("Examiné par le jury")
    RETENU = "retenu", _("Retenu par le jury")
    NON_RETENU = "non_retenu", _("Non retenu")
    LISTE_ATTENTE = "liste_attente", _("Liste d'attente")
    VOTE = "vote", _("Subvention votée")


# Ce que la structure peut encore retirer : tout ce qui attend une décision.
RETIRABLES = {
    Statut.DEPOSE,
    Statut.EN_INSTRUCTION,
    Statut.A_COMPLETER,
    Statut.PRET_POUR_JURY,
    Statut.EN_JURY,
    Statut.LISTE_ATTENTE,
}
# Les décisions du jury, révisables tant que le conseil n'a pas voté.
DECISIONS_DU_JURY = {Statut.RETENU, Statut.NON_RETENU, Statut.LISTE_ATTENTE}
# Ce que la structure ne doit pas lire avant la notification de la décision finale.
AVANT_NOTIFICATION = {Statut.EN_JURY, *DECISIONS_DU_JURY, Statut.VOTE}


class FormeAide(models.TextChoices):
    SUBVENTION = "subvention", _("Subvention")
    MATERIEL = "materiel", _("Prêt de matériel")
    LES_DEUX = "les_deux", _("Subvention et prêt de matériel")


class Public(models.TextChoices):
    ENFANTS = "enfants", _("Enfants")
    JEUNES = "jeunes", _("Jeunes (12-25 ans)")
    ADULTES = "adultes", _("Adultes")
    SENIORS = "seniors", _("Personnes âgées")
    ELOIGNES = "eloignes", _("Personnes éloignées du numérique")
    HANDICAP = "handicap", _("Personnes en situation de handicap")
    TOUS = "tous", _("Tout public")


class Dossier(models.Model):
    Statut = Statut

    edition = models.ForeignKey(
        AppelAProjets, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("édition")
    )
    structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("structure")
    )
    # Attribués au dépôt : « AAP-2026-0007 », le 7e dossier déposé de 2026. NULL (et
    # non "") tant qu'il est brouillon : l'unicité ne s'applique pas aux NULL.
    rang = models.PositiveIntegerField(null=True, blank=True, editable=False)
    numero = models.CharField(  # noqa: DJ001
        _("numéro"), max_length=20, unique=True, null=True, editable=False
    )
    titre = models.CharField(_("titre du projet"), max_length=200)
    resume = models.TextField(_("résumé"), max_length=1000, blank=True)
    description = models.TextField(_("description"), max_length=20000, blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("thèmes"), blank=True)
    publics = models.JSONField(_("publics"), default=list, blank=True)
    communes = models.ManyToManyField(
        "papi.Commune", verbose_name=_("communes concernées"), blank=True, related_name="+"
    )
    lieux = models.ManyToManyField(
        "papi.Lieu", verbose_name=_("lieux PAPI concernés"), blank=True, related_name="+"
    )
    calendrier = models.TextField(_("calendrier"), max_length=3000, blank=True)
    forme_aide = models.CharField(
        _("aide demandée"), max_length=12, choices=FormeAide.choices, default=FormeAide.SUBVENTION
    )
    montant_demande = models.DecimalField(
        _("montant demandé (€)"), max_digits=9, decimal_places=2, default=Decimal("0")
    )
    materiel_demande = models.TextField(_("matériel demandé"), max_length=2000, blank=True)
    statut = models.CharField(
        _("état"), max_length=20, choices=Statut.choices, default=Statut.BROUILLON
    )
    # Verrou optimiste : chaque enregistrement du formulaire l'augmente ; un
    # enregistrement fait sur une version périmée est refusé (voir enregistrer()).
    version = models.PositiveIntegerField(default=1, editable=False)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cree_le = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)
    modifie_le = models.DateTimeField(_("modifié le"), default=timezone.now, editable=False)
    depose_le = models.DateTimeField(_("déposé le"), null=True, blank=True, editable=False)
    instructeur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dossiers_suivis",
        verbose_name=_("instructeur"),
    )
    a_suivre = models.BooleanField(_("à suivre"), default=False)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["edition", "rang", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "rang"], name="dossier_rang_unique_par_edition"
            ),
        ]
        indexes = [models.Index(fields=["edition", "statut"])]

    def __str__(self) -> str:
        return f"{self.numero or gettext('Brouillon')} — {self.titre}"

    # --- Lecture ------------------------------------------------------------------

    def modifiable(self, maintenant: datetime | None = None) -> bool:
        """Brouillon avant la clôture, ou à compléter avant l'échéance demandée."""
        maintenant = maintenant or timezone.now()
        if self.statut == Statut.BROUILLON:
            return self.edition.depot_ouvert(maintenant)
        if self.statut == Statut.A_COMPLETER:
            demande = self.demande_en_cours()
            return demande is not None and maintenant.replace(microsecond=0) <= demande.echeance
        return False

    def statut_pour_la_structure(self, *, decision_notifiee: bool) -> str:
        """Le libellé d'état que lit la structure : rien de la décision du jury
        avant qu'elle ne lui soit notifiée."""
        if self.statut in AVANT_NOTIFICATION and not decision_notifiee:
            return str(Statut.EN_JURY.label)
        return str(Statut(self.statut).label)

    def demande_en_cours(self) -> "DemandeComplement | None":
        return self.demandes_complement.filter(completee_le__isnull=True).order_by("-pk").first()

    def totaux_budget(self) -> tuple[Decimal, Decimal]:
        """(dépenses, recettes hors aide demandée), en une requête."""
        sommes = self.lignes_budget.aggregate(
            depenses=Sum("montant", filter=Q(nature=LigneBudget.Nature.DEPENSE)),
            recettes=Sum("montant", filter=Q(nature=LigneBudget.Nature.RECETTE)),
        )
        return sommes["depenses"] or Decimal("0"), sommes["recettes"] or Decimal("0")

    def erreurs_de_depot(self) -> list[str]:
        """Ce qui manque pour déposer, en phrases pour la structure (vide : complet)."""
        erreurs = []
        if not self.resume.strip() or not self.description.strip():
            erreurs.append(gettext("Le résumé et la description du projet sont à remplir."))
        depenses, recettes = self.totaux_budget()
        if depenses <= 0:
            erreurs.append(gettext("Le budget n'a aucune dépense."))
        # Le budget s'équilibre : les dépenses = les autres recettes + l'aide demandée.
        elif depenses != recettes + self.montant_demande:
            erreurs.append(
                gettext(
                    "Le budget n'est pas équilibré\u00a0: %(depenses)s\u00a0€ de dépenses pour "
                    "%(recettes)s\u00a0€ de recettes, aide demandée comprise."
                )
                % {"depenses": depenses, "recettes": recettes + self.montant_demande}
            )
        if self.forme_aide != FormeAide.MATERIEL:
            if self.montant_demande <= 0:
                erreurs.append(gettext("Indiquez le montant de la subvention demandée."))
            elif depenses > 0 and self.montant_demande > self.edition.plafond_pour(depenses):
                erreurs.append(
                    gettext(
                        "Le montant demandé dépasse le plafond de l'édition\u00a0: %(plafond)s\u00a0€ "
                        "au plus pour ce budget (%(max)s\u00a0€ et %(part)s\u202f%% des dépenses)."
                    )
                    % {
                        "plafond": self.edition.plafond_pour(depenses),
                        "max": self.edition.montant_max,
                        "part": self.edition.part_max.normalize(),
                    }
                )
        if self.forme_aide != FormeAide.SUBVENTION and not self.materiel_demande.strip():
            erreurs.append(gettext("Décrivez le matériel dont le projet a besoin."))
        return erreurs

    # --- Transitions -----------------------------------------------------------------

    MACHINE = MachineAEtats(
        journal="historique",
        transitions={
            "deposer": etats.Transition(
                {Statut.BROUILLON}, Statut.DEPOSE, pgettext_lazy("transition interdite", "déposer")
            ),
            "ouvrir_instruction": etats.Transition(
                {Statut.DEPOSE},
                Statut.EN_INSTRUCTION,
                pgettext_lazy("transition interdite", "passer en instruction"),
            ),
            "demander_complements": etats.Transition(
                {Statut.EN_INSTRUCTION},
                Statut.A_COMPLETER,
                pgettext_lazy("transition interdite", "demander des compléments"),
            ),
            "completer": etats.Transition(
                {Statut.A_COMPLETER},
                Statut.EN_INSTRUCTION,
                pgettext_lazy("transition interdite", "renvoyer le dossier complété"),
            ),
            "declarer_pret": etats.Transition(
                {Statut.EN_INSTRUCTION},
                Statut.PRET_POUR_JURY,
                pgettext_lazy("transition interdite", "déclarer prêt pour le jury"),
            ),
            "declarer_irrecevable": etats.Transition(
                {Statut.DEPOSE, Statut.EN_INSTRUCTION},
                Statut.IRRECEVABLE,
                pgettext_lazy("transition interdite", "déclarer irrecevable"),
            ),
            "retirer": etats.Transition(
                RETIRABLES, Statut.SANS_SUITE, pgettext_lazy("transition interdite", "retirer")
            ),
            # Le jury (projets/jury, projets/deliberation) : ces transitions n'écrivent
            # rien à la structure ; la décision lui part après le vote du conseil.
            "soumettre_au_jury": etats.Transition(
                {Statut.PRET_POUR_JURY},
                Statut.EN_JURY,
                pgettext_lazy("transition interdite", "soumettre au jury"),
            ),
            "retenir": etats.Transition(
                {Statut.EN_JURY, Statut.NON_RETENU, Statut.LISTE_ATTENTE},
                Statut.RETENU,
                pgettext_lazy("transition interdite", "retenir"),
            ),
            "ne_pas_retenir": etats.Transition(
                {Statut.EN_JURY, Statut.RETENU, Statut.LISTE_ATTENTE},
                Statut.NON_RETENU,
                pgettext_lazy("transition interdite", "ne pas retenir"),
            ),
            "mettre_en_attente": etats.Transition(
                {Statut.EN_JURY, Statut.RETENU, Statut.NON_RETENU},
                Statut.LISTE_ATTENTE,
                pgettext_lazy("transition interdite", "mettre en liste d'attente"),
            ),
            "voter": etats.Transition(
                {Statut.RETENU},
                Statut.VOTE,
                pgettext_lazy("transition interdite", "enregistrer le vote du conseil"),
            ),
        },
    )

    def transitions_permises(self) -> list[str]:
        return [a for a in self.MACHINE.transitions if self.MACHINE.permise(a, self.statut)]

    @transaction.atomic
    def deposer(self, *, par, maintenant: datetime | None = None) -> None:
        """Dépôt par un membre : complet, avant la clôture ; numéroté sous verrou."""
        from projets import suites

        maintenant = maintenant or timezone.now()
        # Le verrou de l'édition ordonne les dépôts simultanés : chacun son rang.
        edition = AppelAProjets.objects.select_for_update().get(pk=self.edition_id)
        if not edition.depot_ouvert(maintenant):
            raise ValidationError(
                gettext(
                    "Le dépôt est clos depuis le %(cloture)s\u00a0: ce dossier ne peut plus partir."
                )
                % {"cloture": timezone.localtime(edition.cloture).strftime("%d/%m/%Y à %H:%M:%S")}
            )
        erreurs = self.erreurs_de_depot()
        if erreurs:
            raise ValidationError(erreurs)
        edition.dernier_rang += 1
        edition.save(update_fields=["dernier_rang"])

        def numeroter(actuel, vers) -> dict:
            return {
                "rang": edition.dernier_rang,
                "numero": f"AAP-{edition.annee}-{edition.dernier_rang:04d}",
                "depose_le": maintenant,
            }

        self.MACHINE.passer(self, "deposer", par=par, en_plus=numeroter)
        suites.dossier_depose(self)

    @transaction.atomic
    def ouvrir_instruction(self, *, par) -> None:
        from projets import suites

        self.MACHINE.passer(
            self,
            "ouvrir_instruction",
            par=par,
            en_plus=lambda actuel, vers: {"instructeur_id": actuel.instructeur_id or par.pk},
        )
        suites.etat_change(self, par=par)

    @transaction.atomic
    def demander_complements(self, *, par, texte: str, echeance: datetime) -> "DemandeComplement":
        from projets import suites

        if not texte.strip():
            raise ValidationError({"texte": gettext("Dites ce qui manque au dossier.")})
        if echeance <= timezone.now():
            raise ValidationError({"echeance": gettext("L'échéance doit être dans le futur.")})
        self.MACHINE.passer(self, "demander_complements", par=par, motif=texte)
        demande = self.demandes_complement.create(demandee_par=par, texte=texte, echeance=echeance)
        suites.complements_demandes(self, demande)
        return demande

    @transaction.atomic
    def completer(self, *, par, maintenant: datetime | None = None) -> None:
        from projets import suites

        maintenant = maintenant or timezone.now()
        demande = self.demande_en_cours()
        if demande is None or maintenant.replace(microsecond=0) > demande.echeance:
            raise ValidationError(
                gettext("L'échéance des compléments est passée\u00a0: écrivez à l'instructeur.")
            )
        self.MACHINE.passer(self, "completer", par=par)
        demande.completee_le = maintenant
        demande.save(update_fields=["completee_le"])
        suites.dossier_complete(self, demande)

    @transaction.atomic
    def declarer_pret(self, *, par) -> None:
        from projets import suites

        self.MACHINE.passer(self, "declarer_pret", par=par)
        suites.etat_change(self, par=par)

    @transaction.atomic
    def declarer_irrecevable(self, *, par, motif: str) -> None:
        from projets import suites

        if not motif.strip():
            raise ValidationError({"motif": gettext("Motivez l'irrecevabilité.")})
        self.MACHINE.passer(self, "declarer_irrecevable", par=par, motif=motif)
        suites.etat_change(self, par=par, motif=motif)

    @transaction.atomic
    def retirer(self, *, par, motif: str = "") -> None:
        from projets import suites

        self.MACHINE.passer(self, "retirer", par=par, motif=motif)
        suites.etat_change(self, par=par, motif=motif)


class HistoriqueDossier(Journal):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="historique")

    class Meta(Journal.Meta):
        verbose_name = _("étape d'un dossier")
        verbose_name_plural = _("historique des dossiers")

    @property
    def de_libelle(self) -> str:
        return Statut(self.de).label

    @property
    def vers_libelle(self) -> str:
        return Statut(self.vers).label


class LigneBudget(models.Model):
    class Nature(models.TextChoices):
        DEPENSE = "depense", _("Dépense")
        RECETTE = "recette", _("Recette")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="lignes_budget")
    nature = models.CharField(_("nature"), max_length=8, choices=Nature.choices)
    libelle = models.CharField(_("libellé"), max_length=200)
    montant = models.DecimalField(_("montant (€)"), max_digits=9, decimal_places=2)
    ordre = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("ligne de budget")
        verbose_name_plural = _("lignes de budget")
        ordering = ["dossier", "nature", "ordre", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(montant__gte=0), name="ligne_budget_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_nature_display()}\u00a0: {self.libelle} ({self.montant}\u00a0€)"


class DemandeComplement(models.Model):
    """Ce que l'instructeur demande, avec son échéance ; complétée au renvoi."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="demandes_complement"
    )
    demandee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    texte = models.TextField(_("ce qui manque"), max_length=5000)
    echeance = models.DateTimeField(_("à renvoyer avant le"))
    cree_le = models.DateTimeField(default=timezone.now, editable=False)
    completee_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("demande de compléments")
        verbose_name_plural = _("demandes de compléments")
        ordering = ["-cree_le", "-pk"]

    def __str__(self) -> str:
        return gettext("Compléments demandés le %(date)s") % {
            "date": timezone.localtime(self.cree_le).strftime("%d/%m/%Y")
        }
