"""Les lignes de l'appel à projets dans le tableau des droits
(test_adresses_par_role.py). Les paramètres viennent de
tests/projets/factories.arguments_des_adresses() : une édition ouverte et un dossier
déposé dont aucun profil n'est membre, ni instructeur (le superutilisateur voit tout
côté instruction ; côté candidat, seuls les membres voient un dossier)."""

from tests.portail.profils import POST_SEULEMENT, PUBLIC, pour_tous, reserve

ATTENDU_PROJETS: dict[str, dict[str, int]] = {
    "projets:presentation": PUBLIC,
    # Côté candidat : un dossier d'une autre structure n'existe pas (404), pour tous.
    "projets:dossier": {**pour_tous(404), "anonyme": 302},
    # Côté instruction : un instructeur d'une autre édition est refusé.
    "instruction:dossier": reserve(statut=403) | {"administrateur": 200},
    # Messagerie : les membres côté candidat, les instructeurs de l'édition côté instruction.
    "projets:messages": {**pour_tous(404), "anonyme": 302},
    "instruction:messages": reserve(statut=403) | {"administrateur": 200},
    # Pièces jointes (projets/pieces) : ajouter et supprimer par POST seulement ; la
    # pièce du dossier du tableau n'existe que pour le superutilisateur (404 aux autres,
    # anonyme compris : son existence ne se devine pas).
    "projets:piece_ajouter": POST_SEULEMENT,
    "projets:piece_supprimer": POST_SEULEMENT,
    "projets:piece": {**pour_tous(404), "administrateur": 200},
}
ATTENDU_PROJETS |= {
    # Exports (projets/exports) : l'instruction de l'édition seulement…
    "instruction:export": reserve(statut=403) | {"administrateur": 200},
    "instruction:dossier_pdf": reserve(statut=403) | {"administrateur": 200},
    "instruction:dossier_zip": reserve(statut=403) | {"administrateur": 200},
    # … et, côté candidat, les membres de la structure (aucun profil ici : 404).
    "projets:dossier_pdf": {**pour_tous(404), "anonyme": 302},
    "projets:structure_donnees": {**pour_tous(404), "anonyme": 302},
    "projets:structure_donnees_json": {**pour_tous(404), "anonyme": 302},
}
ATTENDU_PROJETS |= {
    # Instruction (projets/instruction) : l'accueil est aux Instructeurs (le
    # superutilisateur va droit à la seule édition en cours) ; l'édition du tableau
    # n'est confiée à personne. Les actions n'acceptent que POST (un GET est renvoyé vers leur page).
    "instruction:accueil": reserve("instructeur") | {"administrateur": 302},
    "instruction:edition": reserve(statut=403) | {"administrateur": 200},
    "instruction:actions_groupees": POST_SEULEMENT,
    "instruction:ouvrir_instruction": POST_SEULEMENT,
    "instruction:demander_complements": POST_SEULEMENT,
    "instruction:declarer_pret": POST_SEULEMENT,
    "instruction:declarer_irrecevable": POST_SEULEMENT,
    "instruction:marquer_a_suivre": POST_SEULEMENT,
    "instruction:attribuer": POST_SEULEMENT,
    "instruction:annoter": POST_SEULEMENT,
}
ATTENDU_PROJETS |= {
    # Pages publiques des éditions (projets/publiques) : l'édition ouverte du tableau.
    "projets:edition": PUBLIC,
    "projets:edition_ical": PUBLIC,
    # Espace candidat et structures (projets/candidature) : tout compte connecté a
    # son espace et peut déclarer une structure ; la structure du tableau n'a aucun
    # profil pour membre (404, superutilisateur compris) ; inviter n'accepte que POST ;
    # le jeton du tableau est faux (400, avant même la connexion).
    "projets:espace": {**pour_tous(200), "anonyme": 302},
    "projets:structure_creer": {**pour_tous(200), "anonyme": 302},
    "projets:structure": {**pour_tous(404), "anonyme": 302},
    "projets:inviter": POST_SEULEMENT,
    "projets:invitation": pour_tous(400),
}
ATTENDU_PROJETS |= {
    # Le dossier côté candidat (projets/candidature/urls_dossiers.py) : aucun profil du
    # tableau n'a de structure, la création renvoie donc déclarer la sienne (302) ;
    # le dossier du tableau n'est à personne (404) ; déposer et renvoyer : POST seulement.
    "projets:dossier_creer": pour_tous(302),
    "projets:dossier_deposer": POST_SEULEMENT,
    "projets:dossier_completer": POST_SEULEMENT,
    "projets:dossier_retirer": {**pour_tous(404), "anonyme": 302},
    "projets:dossier_supprimer": {**pour_tous(404), "anonyme": 302},
}
