import type { APIRoute } from 'astro';
import { voteChannelLabels, voteChannels } from '#domain/projects.ts';

/**
 * The one script of the records pages, loaded only by a round page while public voting is open:
 * it replaces the build-time totals with live ones from GET /api/rounds/{year} every 30 seconds.
 * Without it the page still shows the published totals and links to the vote page.
 */
const CHANNELS = JSON.stringify(voteChannels.map((ch) => [ch, voteChannelLabels[ch]]));
const SCRIPT = `(()=>{const s=document.currentScript,y=s&&s.dataset.year;if(!y)return;const L=${CHANNELS};
const st=document.querySelector('[data-live-status]');
const run=()=>fetch('/api/rounds/'+y,{headers:{accept:'application/json'}}).then(r=>r.ok?r.json():null).then(d=>{
if(!d||!Array.isArray(d.candidates))return;for(const c of d.candidates){
const q=a=>document.querySelector('['+a+'="'+CSS.escape(String(c.id))+'"]'),el=q('data-live-count'),ch=q('data-live-channels');
if(el&&typeof c.count==='number')el.textContent=c.count.toLocaleString('zh-CN');
if(ch&&c.channels)ch.textContent=L.map(([k,l])=>l+' '+(c.channels[k]||0).toLocaleString('zh-CN')).join('，');}
if(st)st.textContent='群众票数为实时数字，更新于 '+new Date().toLocaleTimeString('zh-CN',{hour:'2-digit',minute:'2-digit'})+(d.phase==='public_voting'?'，每 30 秒刷新。':'，投票已结束。');
if(d.phase!=='public_voting')clearInterval(t);}).catch(()=>{});
const t=setInterval(()=>{if(!document.hidden)run();},30000);run();})();
`;

export const GET: APIRoute = () =>
  new Response(SCRIPT, { headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
