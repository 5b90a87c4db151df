/**
 * npm run dev: Astro's dev server with live reload, for editing pages, components, styles and MDX.
 * It reads the same local D1 as npm start (migrated here first): prerendered pages from the content
 * layer, and the record pages the Worker renders (profiles, suggestions, duty reports, search)
 * through @astrojs/cloudflare's workerd, against that D1. The Hono routes (API, console, form pages)
 * are not served here; the message says which parts need `npm start`.
 */
import { run } from './lib/run.ts';

const port = process.env.PORT ?? '4321';

await run('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local']);
console.log(`
Astro 开发服务器（页面修改后自动刷新）：http://localhost:${port}/
代表、建议、履职报告页面和站内搜索直接读本地数据库。以下部分需要用 npm start 运行：
  · 工作人员后台 /staff 和所有 /api 接口（提交意见、查询码、投票）
  · 意见和投票表单页（/opinions/new/、/vote/）、长辈模式开关（/prefs/）
  · 发布和开放数据历史版本的下载（搜索索引在构建时生成，新数据需先运行一次 npm run build）
数据库为空时，先运行一次 npm start 或 npm run db:demo 载入演示数据。
`);
await run('astro', ['dev', '--port', port, '--host', '127.0.0.1']);
