-- Dépôt de commentaires sous charge, lancé par bench/depot_commentaire.py :
--   wrk --script bench/depot_commentaire.lua http://127.0.0.1:PORT/
-- Chaque requête est un POST neuf, comme d'un navigateur qui vient d'afficher le
-- formulaire : son propre cookie CSRF et son propre horodatage signé (préparés
-- d'avance par le banc, un par ligne de BANC_DEPOT_NAVIGATEURS), sa propre adresse
-- électronique, son propre texte et son propre X-Forwarded-For, pour que le portail
-- fasse tout son travail (validation, recherche de doublon, limites de débit,
-- écriture, suites mises en file) au lieu de répondre 429 ou 400. Le même script
-- envoie les mêmes corps au plancher d'écriture (BANC_DEPOT_CHEMIN), qui les écrit
-- sans rien vérifier.

local chemin = os.getenv("BANC_DEPOT_CHEMIN")
local marque = tonumber(os.getenv("BANC_DEPOT_MARQUE"))
local nombre_de_fils = tonumber(os.getenv("BANC_DEPOT_FILS"))

local function encoder(texte)
  return (string.gsub(texte, "[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

local TEXTE = "Bonjour, je suis passé cette semaine pour une démarche en ligne. "
  .. "Accueil attentif, ordinateurs récents, Wi-Fi correct ; il faudrait juste "
  .. "ouvrir un peu plus tard le jeudi. Merci à l'équipe ! (message de charge %d-%d-%d)"

-- Fil principal : la liste des fils, pour le bilan de done().
local fils = {}

function setup(thread)
  table.insert(fils, thread)
  thread:set("fil", #fils)
end

-- Globales de chaque fil : done() les relit par thread:get.
envoyes = 0
statuts = {}
navigateurs = {}

-- Chaque fil prend une ligne sur nombre_de_fils : aucun navigateur ne sert deux fois
-- tant que le fichier n'est pas épuisé (il en compte plus qu'il n'en faut).
function init(args)
  local numero = 0
  for ligne in io.lines(os.getenv("BANC_DEPOT_NAVIGATEURS")) do
    if numero % nombre_de_fils == fil - 1 then
      local secret, horodatage = string.match(ligne, "^([^\t]+)\t(.+)$")
      table.insert(navigateurs, {secret = secret, horodatage = encoder(horodatage)})
    end
    numero = numero + 1
  end
end

function request()
  envoyes = envoyes + 1
  local n = envoyes
  local navigateur = navigateurs[(n - 1) % #navigateurs + 1]
  -- Une adresse privée (fd00::/8) par requête, marquée par le lancement : les
  -- compteurs de débit par IP d'un lancement précédent ne la connaissent pas.
  local ip = string.format("fd00:%x:%x:%x:%x::1", marque, fil, math.floor(n / 65536), n % 65536)
  local corps = "csrfmiddlewaretoken=" .. navigateur.secret
    .. "&horodatage=" .. navigateur.horodatage
    .. "&parent=&site_web="
    .. "&nom=" .. encoder(string.format("Lecteur %d-%d", fil, n))
    .. "&email=" .. encoder(string.format("depot-%d-%d-%d@depot.exemple.fr", marque, fil, n))
    .. "&texte=" .. encoder(string.format(TEXTE, marque, fil, n))
  return wrk.format("POST", chemin, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=" .. navigateur.secret,
    ["X-Forwarded-For"] = ip,
  }, corps)
end

function response(status, headers, body)
  statuts[status] = (statuts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(fils) do
    for code, nombre in pairs(thread:get("statuts")) do
      total[code] = (total[code] or 0) + nombre
    end
  end
  for code, nombre in pairs(total) do
    io.write(string.format("Statut %d : %d\n", code, nombre))
  end
end
