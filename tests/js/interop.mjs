// The npm Yjs client in a waymark serve room: node interop.mjs WS_BASE ROOM TOKEN
// Syncs with y-websocket (token as the `token` query parameter, through `params`), prints what it
// finds as one JSON line, then edits: appends " (from npm)" to the first touchpoint's title
// (a Y.Text) and sets its emotion, and prints {"edited": ...} once the server has its update.
import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'

const [base, room, token] = process.argv.slice(2)
const doc = new Y.Doc()
const provider = new WebsocketProvider(base, room, doc, { WebSocketPolyfill: WebSocket, params: { token }, connect: true })
const fail = (why) => { console.log(JSON.stringify({ error: why })); process.exit(1) }
setTimeout(() => fail('timed out'), 20000)
let closes = 0
provider.on('connection-close', () => { if (!provider.synced && ++closes >= 2) fail('refused') })

const byPos = (map) => [...map.entries()].sort(([a, x], [b, y]) => {
  const pa = x.get('pos') || ''; const pb = y.get('pos') || ''
  return pa < pb ? -1 : pa > pb ? 1 : (a < b ? -1 : 1)
})

provider.once('sync', () => {
  const meta = doc.getMap('meta')
  const journeys = byPos(doc.getMap('journeys'))
  const [journeyId, journey] = journeys[0]
  const cards = byPos(journey.get('touchpoints'))
  console.log(JSON.stringify({
    title: meta.get('title').toString(),
    journey: journeyId,
    touchpoints: cards.map(([id, card]) => card.get('title').toString())
  }))
  const [cardId, card] = cards[0]
  doc.transact(() => {
    const title = card.get('title')
    title.insert(title.length, ' (from npm)')
    card.set('emotion', -2)
  })
  // the server answers a state request after it has stored what came before it
  setTimeout(() => {
    console.log(JSON.stringify({ edited: cardId }))
    provider.destroy()
    process.exit(0)
  }, 500)
})
