// The Branchline story forest: `ink.branchline.bud` records spread over the writers' repos.
// Shape (per story): a root bud with no parent (the story is the tree under it), children linked by
// `parent` strongRefs. Story A has a 210-bud trunk (the deep branch) with side forks; story B is
// bushy (siblings and cousins at every level). Consecutive buds always change author, as Branchline
// forbids extending your own bud, and each child is written ≥ 25 h after its parent, as a parent
// must have bloomed (24 h) before it can be extended.
import type { AccountSession } from '../accounts.ts'
import type { SeedManifest, SeedStory } from '../types.ts'
import { budText, budTitle, prng } from './prose.ts'
import type { SeedWriter, StrongRef } from './writer.ts'

const HOUR = 3600_000
const DAY = 24 * HOUR
export const BUD = 'ink.branchline.bud'

interface BudNode {
  ref: StrongRef
  author: AccountSession
  depth: number
  createdAt: number
}

export interface PlannedBuds {
  stories: SeedStory[]
  buds: SeedManifest['buds']
  all: BudNode[]
}

export function planBuds(writer: SeedWriter, writers: AccountSession[], now: number): PlannedBuds {
  const all: BudNode[] = []
  let tick = 0
  const rand = prng(0x7e4d41)

  const add = (parent: BudNode | undefined, authorIndex: number, base: number, title?: string): BudNode => {
    let author = writers[authorIndex % writers.length]!
    if (parent && author.did === parent.author.did) author = writers[(authorIndex + 1) % writers.length]!
    const depth = parent ? parent.depth + 1 : 0
    // Minutes of jitter keep rkeys (TIDs from createdAt) distinct and ordered by creation.
    const createdAt = Math.max(base + depth * 25 * HOUR, parent ? parent.createdAt + 25 * HOUR : 0) + ++tick * 60_000
    const record: Record<string, unknown> = {
      title: title ?? budTitle(rand, depth),
      text: budText(rand),
      createdAt: new Date(createdAt).toISOString(),
    }
    if (parent) record.parent = { uri: parent.ref.uri, cid: parent.ref.cid }
    const node = { ref: writer.plan(author, BUD, record), author, depth, createdAt }
    all.push(node)
    return node
  }
  const chain = (from: BudNode, length: number, authorIndex: number, base: number): BudNode[] => {
    const nodes: BudNode[] = []
    let parent = from
    for (let i = 0; i < length; i++) nodes.push((parent = add(parent, authorIndex + i, base)))
    return nodes
  }

  // Story A: "The Lighthouse at Vell" — the deep trunk, forks every 20 buds, three children at depth 5.
  const baseA = now - 400 * DAY
  const countA = all.length
  const rootA = add(undefined, 0, baseA, 'The Lighthouse at Vell')
  const trunk = [rootA, ...chain(rootA, 209, 1, baseA)]
  const forkA1 = chain(trunk[5]!, 3, 2, baseA)
  chain(trunk[5]!, 3, 0, baseA)
  for (let d = 20; d <= 200; d += 20) chain(trunk[d]!, 3, d + 2, baseA)
  const storyA = { title: 'The Lighthouse at Vell', root: rootA.ref.uri, budCount: all.length - countA }

  // Story B: "Salt and Signal" — bushy: 3 children, 3 grandchildren each, 2 below each of those,
  // then a short chain under the first leaf.
  const baseB = now - 60 * DAY
  const countB = all.length
  const rootB = add(undefined, 1, baseB, 'Salt and Signal')
  const level1 = [0, 1, 2].map((i) => add(rootB, i + 2, baseB))
  const level2 = level1.flatMap((p, i) => [0, 1, 2].map((j) => add(p, i + j, baseB)))
  const level3 = level2.flatMap((p, i) => [0, 1].map((j) => add(p, i + j + 1, baseB)))
  chain(level3[0]!, 5, 0, baseB)
  const storyB = { title: 'Salt and Signal', root: rootB.ref.uri, budCount: all.length - countB }

  const leaf = trunk[trunk.length - 1]!
  return {
    stories: [storyA, storyB],
    all,
    buds: {
      total: all.length,
      deepBranch: { root: rootA.ref.uri, leaf: leaf.ref.uri, depth: trunk.length },
      // trunk[6] and forkA1[0] share the parent trunk[5]; their children are therefore cousins.
      siblings: [trunk[6]!.ref.uri, forkA1[0]!.ref.uri],
      cousins: [trunk[7]!.ref.uri, forkA1[1]!.ref.uri],
      demo: trunk[6]!.ref.uri,
    },
  }
}

/** A few `ink.branchline.pollen` grains from writers on others' buds, so pollenCount varies. */
export function planPollen(writer: SeedWriter, writers: AccountSession[], buds: BudNode[], now: number): number {
  let count = 0
  for (const bud of buds.filter((_, i) => i % 37 === 6)) {
    for (const w of writers) {
      if (w.did === bud.author.did) continue // Branchline refuses self-pollination
      writer.plan(w, 'ink.branchline.pollen', {
        subject: { uri: bud.ref.uri, cid: bud.ref.cid },
        createdAt: new Date(Math.min(bud.createdAt + 2 * DAY, now - HOUR) + ++count * 1000).toISOString(),
      })
    }
  }
  return count
}
