"""Les textes des pages posées au premier démarrage (pages_initiales.py).

Ils redisent, avec nos mots, ce que Brest métropole publie de son programme
numérique ; les Webmestres les reprennent ensuite dans l'éditeur. Les mentions
« à compléter » sont celles que l'exploitant doit remplir avant la mise en
production (hébergeur, résultats de l'audit d'accessibilité).
"""

from datetime import date

ACCUEIL_CHAPO = (
    "Depuis la fin des années 1990, la métropole brestoise mise sur le numérique\u00a0: pour que "
    "chacun sache s'en servir, pour que les entreprises du secteur naissent et grandissent "
    "ici, et pour que les acteurs du territoire coopèrent."
)

OBJECTIFS = [
    (
        "Faire grandir l'économie numérique",
        "Épauler les entreprises du numérique et aider les entreprises de tous les secteurs à "
        "adopter ces outils.",
    ),
    (
        "N'oublier personne",
        "Soutenir l'expression multimédia et donner accès aux outils numériques aux habitants "
        "qui en sont les plus éloignés.",
    ),
    (
        "Coopérer",
        "Animer un réseau d'innovation sociale ouverte où acteurs publics, associatifs et "
        "privés partagent leurs pratiques.",
    ),
]

DISPOSITIFS_CHAPO = (
    "Des lieux d'accès, un soutien aux projets, une offre Internet pour le logement social, "
    "des lieux pour entreprendre et les réseaux qui portent le tout\u00a0: voici les outils que "
    "Brest métropole a construits au fil des ans."
)

ACTUALITES_CHAPO = (
    "Ce qui change dans les dispositifs du programme\u00a0: ouvertures, appels, rencontres et "
    "résultats, publiés par l'équipe du programme."
)

# Chaque dispositif : slug, titre, chapô, paragraphes du corps, chiffre clé
# (valeur, libellé) ou None, appel à l'action (texte, lien) ou None,
# formulaire d'accompagnement.
DISPOSITIFS = [
    {
        "slug": "points-d-acces",
        "titre": "Les points d'accès publics à Internet (PAPI)",
        "chapo": (
            "Un ordinateur relié à Internet et, le plus souvent, quelqu'un pour vous guider\u00a0: "
            "plus d'une centaine de lieux de la métropole vous accueillent, près de chez vous."
        ),
        "corps": [
            "<p>Le réseau est né à la fin des années 1990 avec une dizaine de points\u202f; il en "
            "compte aujourd'hui plus de cent. On les trouve dans les mairies de quartier, les "
            "médiathèques, les centres sociaux et les maisons de quartier, mais aussi dans des "
            "associations, des foyers et des points France Services.</p>",
            "<p>Chaque lieu fixe ses propres règles\u00a0: créneaux d'une demi-heure, charte "
            "d'usage à signer, impression payante à la page. Certains proposent un "
            "accompagnement pour les démarches en ligne, d'autres des ateliers pour "
            "débuter.</p>",
            "<p>L'annuaire du portail indique pour chaque point ses horaires, ses services, "
            "son équipement et son accessibilité. Une information ne correspond plus à la "
            "réalité\u202f? Signalez-la depuis la fiche du lieu.</p>",
        ],
        "chiffre": ("108", "points d'accès publics à Internet dans la métropole"),
        "appel": ("Trouver un point d'accès près de chez moi", "/papi/"),
        "accompagnement": "",
    },
    {
        "slug": "appel-a-projets",
        "titre": "L'appel à projets multimédias",
        "chapo": (
            "Chaque année, la Ville aide des associations, des écoles et des équipements de "
            "quartier à mener des projets qui font une place au numérique et à l'expression "
            "multimédia."
        ),
        "corps": [
            "<p>L'appel existe depuis le début des années 2000. Il soutient des projets qui "
            "créent du lien, ouvrent l'accès aux outils, font pratiquer la vidéo, le son, la "
            "photographie ou l'écriture en ligne, ou aident à acquérir des compétences "
            "numériques, en pensant d'abord à ceux qui en sont le plus loin.</p>",
            "<p>L'aide prend la forme d'une subvention ou d'un prêt de matériel pour la durée "
            "du projet. Les subventions sont votées par le conseil municipal, une délibération "
            "par projet.</p>",
            "<p>Le dépôt des dossiers, leur instruction puis la publication des lauréats se "
            "font sur ce portail.</p>",
        ],
        "chiffre": ("≈ 40", "projets aidés chaque année"),
        "appel": ("Voir l'appel à projets", "/appels-a-projets/"),
        "accompagnement": "",
    },
    {
        "slug": "internet-pour-tous",
        "titre": "Internet pour tous",
        "chapo": (
            "Dans les logements sociaux des quartiers qui l'ont choisi, chaque foyer dispose "
            "d'une connexion à Internet et de services informatiques pour quelques dizaines de "
            "centimes par mois."
        ),
        "corps": [
            "<p>Le bailleur souscrit un contrat collectif pour tous les logements d'un secteur\u202f; "
            "la somme mensuelle s'ajoute aux charges et se paie avec le loyer. Comme elle "
            "modifie les charges, les locataires de chaque secteur votent avant que le service "
            "n'y soit installé.</p>",
            "<p>Autour de la connexion, le programme organise un accompagnement\u00a0: ordinateurs "
            "reconditionnés à petit prix, ateliers gratuits pour débuter dans les équipements "
            "de quartier, conseils sur les contrats de téléphone et d'Internet.</p>",
            "<p>Le montant a évolué depuis le lancement du service\u202f; la page Internet pour tous "
            "donne le tarif en vigueur et la liste des secteurs desservis.</p>",
        ],
        "chiffre": ("1,10\u00a0€", "par mois et par logement, le tarif cité par le programme"),
        "appel": ("En savoir plus sur Internet pour tous", "/internet-pour-tous/"),
        "accompagnement": "",
    },
    {
        "slug": "cantine-numerique",
        "titre": "La cantine numérique",
        "chapo": (
            "Un lieu pour repérer les idées, leur donner de l'élan et suivre ceux qui les "
            "portent\u00a0: la cantine numérique est la porte d'entrée des projets du territoire."
        ),
        "corps": [
            "<p>Porteurs d'idée, indépendants, associations ou entreprises\u00a0: la cantine vous "
            "reçoit pour parler de votre projet, vous mettre en relation avec les bons "
            "interlocuteurs et vous proposer des rendez-vous réguliers.</p>",
            "<p>Elle organise aussi des rencontres ouvertes à tous, où l'on présente des "
            "travaux en cours et où l'on échange des pratiques.</p>",
        ],
        "chiffre": None,
        "appel": None,
        "accompagnement": "cantine",
    },
    {
        "slug": "pepinieres",
        "titre": "Les pépinières d'entreprises",
        "chapo": (
            "Des bureaux, des services partagés et un suivi pour les jeunes entreprises du "
            "numérique, le temps qu'elles trouvent leur rythme."
        ),
        "corps": [
            "<p>Les pépinières spécialisées accueillent les start-up du numérique dans leurs "
            "premières années\u00a0: un lieu où s'installer et un accompagnement pour faire "
            "grandir l'activité.</p>",
            "<p>Y être hébergé, c'est aussi côtoyer d'autres créateurs et profiter du réseau "
            "des partenaires du programme.</p>",
        ],
        "chiffre": None,
        "appel": None,
        "accompagnement": "pepinieres",
    },
    {
        "slug": "reseau-de-fibre",
        "titre": "Le réseau métropolitain de fibre optique",
        "chapo": (
            "Pour que ses ambitions aient des moyens, la métropole a tiré son propre réseau de "
            "fibre optique à très haut débit."
        ),
        "corps": [
            "<p>Long de plus de 170 kilomètres, ce réseau à très haut débit appartient à la "
            "métropole\u00a0: c'est l'infrastructure sur laquelle s'appuient les autres dispositifs "
            "du programme.</p>",
            "<p>L'ADSL couvre déjà l'ensemble de l'agglomération\u202f; le réseau de fibre prépare "
            "les usages qui demandent bien davantage de débit.</p>",
        ],
        "chiffre": ("170 km", "de fibre optique métropolitaine"),
        "appel": None,
        "accompagnement": "",
    },
    {
        "slug": "fibre-dans-les-communes",
        "titre": "La fibre jusqu'à l'abonné dans les huit communes",
        "chapo": (
            "Le très haut débit n'est pas réservé au centre de Brest\u00a0: la fibre jusqu'à "
            "l'abonné (FTTH) a été programmée dans chacune des communes de la métropole."
        ),
        "corps": [
            "<p>Bohars, Brest, Gouesnou, Guilers, Guipavas, Le Relecq-Kerhuon, "
            "Plougastel-Daoulas et Plouzané\u00a0: le déploiement de la fibre jusqu'au domicile "
            "concerne tout le territoire, avec 2020 pour horizon.</p>",
            "<p>Pour savoir si votre logement est raccordable, renseignez-vous auprès des "
            "opérateurs présents dans votre commune.</p>",
        ],
        "chiffre": ("8", "communes concernées par la fibre jusqu'à l'abonné"),
        "appel": None,
        "accompagnement": "",
    },
    {
        "slug": "campus-numeriques",
        "titre": "Les campus numériques",
        "chapo": (
            "Deux campus consacrés au numérique complètent les équipements de la métropole, "
            "pour donner à cette filière des lieux à elle."
        ),
        "corps": [
            "<p>Prévus pour 2016, ces deux sites donnent au numérique brestois des lieux "
            "identifiés, où se croisent ceux qui apprennent, qui cherchent et qui "
            "entreprennent.</p>",
            "<p>Ils complètent les autres outils du programme\u00a0: pépinières, cantine numérique "
            "et réseau de fibre.</p>",
        ],
        "chiffre": ("2", "campus numériques"),
        "appel": None,
        "accompagnement": "",
    },
    {
        "slug": "french-tech",
        "titre": "Le label French Tech",
        "chapo": (
            "En 2015, l'écosystème numérique de la pointe bretonne a été reconnu au niveau "
            "national\u00a0: Brest métropole a obtenu le label French Tech."
        ),
        "corps": [
            "<p>La candidature a été portée avec Lannion, Morlaix et Quimper, grâce à la "
            "mobilisation des entreprises, des écoles et des collectivités du territoire.</p>",
            "<p>Le label fait entrer ces villes dans le réseau national des territoires les "
            "plus dynamiques en matière de numérique, et donne de la visibilité à leurs "
            "start-up.</p>",
        ],
        "chiffre": ("2015", "année de l'obtention du label"),
        "appel": None,
        "accompagnement": "french_tech",
    },
]

A_COMPLETER_MISE_EN_PRODUCTION = "« à compléter lors de la mise en production »"
A_COMPLETER_AUDIT = "« à compléter après l'audit »"

MENTIONS_LEGALES = f"""
<h2>Éditeur</h2>
<p>Le portail Brest numérique est édité par Brest métropole, 24 rue Coat-ar-Guéven,
29238 Brest cedex 2.</p>
<p>Directeur de la publication\u00a0: le président de Brest métropole.</p>
<h2>Hébergement</h2>
<p>Le portail est hébergé par l'hébergeur désigné par Brest métropole\u00a0:
raison sociale, adresse et téléphone {A_COMPLETER_MISE_EN_PRODUCTION}.</p>
<h2>Contact</h2>
<p>Pour toute question sur le portail, écrivez à
<a href="mailto:numerique@brest.fr">numerique@brest.fr</a> ou passez par la page
<a href="/contact/">Contact</a>.</p>
<h2>Propriété intellectuelle et réutilisation</h2>
<p>Les données ouvertes que publie le portail (annuaire des points d'accès publics à
Internet, en GeoJSON et en CSV) sont diffusées sous Licence Ouverte 2.0\u00a0: vous pouvez
les réutiliser librement en citant leur source. Les autres contenus (textes, images,
logos) ne peuvent être reproduits sans l'autorisation de Brest métropole.</p>
<h2>Commentaires</h2>
<p>Les commentaires sont publiés après l'accord d'un webmestre. Leurs auteurs en restent
responsables\u202f; l'équipe du programme peut refuser ou retirer un message contraire à la
loi ou hors sujet.</p>
<h2>Liens vers d'autres sites</h2>
<p>Les liens vers d'autres sites sont fournis pour votre information\u202f; Brest métropole
n'est pas responsable de leur contenu.</p>
"""

ACCESSIBILITE = f"""
<p>Brest métropole s'engage à rendre ses services numériques accessibles à tous, en
application de l'article 47 de la loi nº 2005-102 du 11 février 2005. Cette déclaration
s'applique au portail Brest numérique.</p>
<h2>État de conformité</h2>
<p>Le portail Brest numérique est <b>partiellement conforme</b> avec le référentiel
général d'amélioration de l'accessibilité (RGAA), version 4.1.</p>
<h2>Résultats des tests</h2>
<p>Date de l'audit\u00a0: {A_COMPLETER_AUDIT}. Taux de conformité aux critères du RGAA\u00a0:
{A_COMPLETER_AUDIT}.</p>
<p>En attendant cet audit, chaque page est contrôlée automatiquement (outil axe-core)
avant sa mise en ligne, et les pages sont conçues pour être utilisables au clavier et
avec un lecteur d'écran.</p>
<h2>Contenus non accessibles</h2>
<h3>Non-conformités</h3>
<p>Liste des critères non respectés\u00a0: {A_COMPLETER_AUDIT}.</p>
<h3>Dérogations pour charge disproportionnée</h3>
<p>Aucune dérogation n'est revendiquée à ce jour.</p>
<h3>Contenus non soumis à l'obligation d'accessibilité</h3>
<p>La carte interactive des points d'accès publics à Internet\u00a0: la même information est
disponible sous forme de liste, accessible, sur la même page.</p>
<h2>Établissement de cette déclaration</h2>
<p>Cette déclaration a été établie à la mise en ligne du portail. Technologies utilisées\u00a0:
HTML, CSS, JavaScript (facultatif\u00a0: le portail fonctionne sans).</p>
<h2>Retour d'information et contact</h2>
<p>Si vous ne parvenez pas à accéder à un contenu ou à un service, dites-le nous\u00a0: nous
vous répondrons et vous proposerons une autre façon d'obtenir l'information. Écrivez à
<a href="mailto:numerique@brest.fr">numerique@brest.fr</a> ou utilisez la page
<a href="/contact/">Contact</a>.</p>
<h2>Voies de recours</h2>
<p>Si vous nous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un
contenu ou à un service et que vous n'avez pas obtenu de réponse satisfaisante, vous
pouvez saisir le Défenseur des droits\u00a0:</p>
<ul>
<li>par le formulaire en ligne du Défenseur des droits\u00a0:
<a href="https://formulaire.defenseurdesdroits.fr/">formulaire.defenseurdesdroits.fr</a>\u202f;</li>
<li>par téléphone, au 09 69 39 00 00\u202f;</li>
<li>par courrier, gratuitement et sans affranchissement\u00a0: Défenseur des droits, Libre
réponse 71120, 75342 Paris CEDEX 07.</li>
</ul>
"""

DONNEES_PERSONNELLES = """
<p>Le portail ne recueille que les données nécessaires aux services qu'il rend. Cette
page dit lesquelles, pourquoi, combien de temps elles sont gardées et comment exercer
vos droits.</p>
<h2>Responsable du traitement</h2>
<p>Brest métropole, 24 rue Coat-ar-Guéven, 29238 Brest cedex 2, représentée par son
président.</p>
<h2>Ce que nous traitons, pourquoi et sur quelle base</h2>
<ul>
<li><b>Comptes</b>\u00a0: adresse électronique, nom, mot de passe chiffré et, si vous
l'activez, la double authentification\u202f; pour vous identifier et sécuriser votre compte.
Base légale\u00a0: l'exécution des conditions d'utilisation du service que vous acceptez en
créant un compte.</li>
<li><b>Commentaires</b>\u00a0: nom affiché, adresse électronique, texte du message et une
empreinte de l'adresse IP\u202f; pour modérer les messages avant publication et lutter contre
les abus. Base légale\u00a0: l'intérêt légitime de Brest métropole à tenir un espace
d'échange respectueux de la loi.</li>
<li><b>Signalements d'erreur sur les points d'accès</b>\u00a0: message et, si vous la
donnez, adresse électronique\u202f; pour corriger l'annuaire et vous répondre. Base légale\u00a0:
la mission d'intérêt public de Brest métropole.</li>
<li><b>Demandes d'accompagnement</b> (cantine numérique, pépinières, French Tech)\u00a0:
coordonnées, structure, description du besoin\u202f; pour étudier votre demande et vous
recontacter. Base légale\u00a0: votre consentement, recueilli dans le formulaire.</li>
<li><b>Candidatures à l'appel à projets</b>\u00a0: coordonnées du porteur, description et
budget du projet, pièces jointes\u202f; pour instruire le dossier, le soumettre au jury et
préparer la délibération. Base légale\u00a0: la mission d'intérêt public de la Ville.</li>
<li><b>Abonnements Internet pour tous</b>\u00a0: logement, résidence, bailleur, échéances\u202f;
pour gérer le service et son suivi avec le bailleur. Base légale\u00a0: l'exécution du
contrat collectif souscrit par le bailleur.</li>
</ul>
<h2>Combien de temps</h2>
<ul>
<li>Comptes\u00a0: tant que le compte est actif, puis supprimés après trois ans sans
connexion.</li>
<li>Commentaires\u00a0: tant qu'ils sont publiés\u202f; les empreintes d'adresse IP sont
effacées au bout de 12 mois.</li>
<li>Signalements d'erreur\u00a0: 12 mois après leur traitement.</li>
<li>Demandes d'accompagnement\u00a0: 3 ans après le dernier échange.</li>
<li>Candidatures à l'appel à projets\u00a0: 5 ans après la décision, puis archivage selon
les règles des archives publiques.</li>
<li>Abonnements Internet pour tous\u00a0: pendant l'abonnement, puis 5 ans pour les
données de facturation.</li>
<li>Journaux techniques du serveur\u00a0: 12 mois.</li>
</ul>
<h2>Qui y a accès</h2>
<p>Les seuls agents de Brest métropole et de la Ville de Brest qui en ont besoin pour
leur mission (webmestres, instructeurs, membres du jury, gestionnaires), le bailleur
pour les chiffres de ses résidences, et l'hébergeur du portail. Aucune donnée n'est
vendue ni cédée à des fins commerciales.</p>
<h2>Courriels</h2>
<p>Les messages facultatifs contiennent un lien de désinscription\u202f; vous pouvez aussi
les refuser depuis votre page de compte. Les messages essentiels (sécurité du compte,
accusés de réception, décisions) sont toujours envoyés.</p>
<h2>Cookies</h2>
<p>Le portail n'utilise que les cookies indispensables à son fonctionnement (session et
protection des formulaires)\u00a0: aucun cookie de mesure d'audience ni de publicité.</p>
<h2>Vos droits</h2>
<p>Vous pouvez demander l'accès à vos données, leur rectification, leur effacement, la
limitation de leur traitement, vous opposer à un traitement fondé sur l'intérêt
légitime ou la mission d'intérêt public, et recevoir les données que vous avez fournies
dans un format réutilisable (portabilité). Quand le traitement repose sur votre
consentement, vous pouvez le retirer à tout moment.</p>
<p>Écrivez au délégué à la protection des données de Brest métropole, à
<a href="mailto:numerique@brest.fr">numerique@brest.fr</a> ou depuis la page
<a href="/contact/">Contact</a>, en précisant « Données personnelles ».</p>
<h2>Réclamation</h2>
<p>Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une
réclamation à la Commission nationale de l'informatique et des libertés (CNIL), sur
<a href="https://www.cnil.fr/">cnil.fr</a>.</p>
"""

PAGES_LEGALES = [
    ("mentions-legales", "Mentions légales", MENTIONS_LEGALES),
    ("accessibilite", "Déclaration d'accessibilité", ACCESSIBILITE),
    ("donnees-personnelles", "Données personnelles", DONNEES_PERSONNELLES),
]

# La page du programme citée pour ces chiffres date du 28 septembre 2016.
DATE_DES_CHIFFRES = date(2016, 9, 28)
CHIFFRES_CLES = [
    ("170 km", "de fibre optique métropolitaine"),
    ("≈ 40", "projets soutenus par an"),
    ("1,10\u00a0€", "par mois pour Internet en logement social"),
    ("8", "communes"),
]

# Actualités d'exemple : (titre sans la mention, slug du dispositif, chapô, texte).
ACTUALITES_EXEMPLE = [
    (
        "Deux nouveaux points d'accès à Bellevue",
        "points-d-acces",
        "Un centre social et une médiathèque du quartier rejoignent le réseau.",
        "Ordinateurs en libre accès, impression et aide aux démarches, aux heures d'ouverture.",
    ),
    (
        "L'appel à projets multimédias est ouvert",
        "appel-a-projets",
        "Associations et équipements de quartier peuvent déposer leur dossier en ligne.",
        "Le dossier se dépose sur le portail\u202f; l'équipe répond aux questions par courriel.",
    ),
    (
        "Internet pour tous arrive dans un nouveau secteur",
        "internet-pour-tous",
        "Les locataires ont voté pour\u00a0: l'installation commence le mois prochain.",
        "Un atelier de présentation est prévu dans la maison de quartier.",
    ),
    (
        "Rencontre ouverte à la cantine numérique",
        "cantine-numerique",
        "Trois équipes présentent leur projet, suivies d'un temps d'échange.",
        "Entrée libre, sans inscription.",
    ),
    (
        "Des bureaux libres en pépinière",
        "pepinieres",
        "Les pépinières accueillent de nouvelles jeunes entreprises du numérique.",
        "Les candidatures se font depuis la page des pépinières.",
    ),
    (
        "Le réseau de fibre relie une nouvelle zone d'activité",
        "reseau-de-fibre",
        "Les entreprises de la zone peuvent désormais se raccorder au très haut débit.",
        "Les travaux se sont achevés dans les délais prévus.",
    ),
    (
        "Point d'étape sur la fibre à Plouzané et Guilers",
        "fibre-dans-les-communes",
        "De nouveaux logements deviennent raccordables à la fibre.",
        "Renseignez-vous auprès des opérateurs pour connaître votre éligibilité.",
    ),
    (
        "Portes ouvertes sur un campus numérique",
        "campus-numeriques",
        "Étudiants, entreprises et laboratoires ouvrent leurs portes au public.",
        "Démonstrations et présentations des formations toute la journée.",
    ),
    (
        "La French Tech brestoise accueille de nouvelles start-up",
        "french-tech",
        "Le réseau s'élargit avec des entreprises de Brest, Lannion, Morlaix et Quimper.",
        "Une rencontre de bienvenue est organisée pour les nouveaux venus.",
    ),
    (
        "Ateliers pour débuter sur ordinateur",
        "points-d-acces",
        "Des séances gratuites pour apprendre les bases, dans plusieurs points d'accès.",
        "Inscription sur place ou par téléphone auprès du lieu choisi.",
    ),
    (
        "Les lauréats de l'appel à projets",
        "appel-a-projets",
        "Découvrez les projets retenus cette année et leurs porteurs.",
        "Les porteurs présenteront leurs projets lors d'une soirée publique.",
    ),
    (
        "Ordinateurs reconditionnés pour les abonnés",
        "internet-pour-tous",
        "Les foyers abonnés à Internet pour tous peuvent s'équiper à petit prix.",
        "Les ordinateurs sont préparés par une association locale de réemploi.",
    ),
]
