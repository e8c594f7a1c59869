/**
 * What a hover on a translation call site says (data only, per release): where Service translation
 * and masquerading happen in this release and configuration. The lines are the ones the trace's model
 * rows cite (behaviours-*.ts, socket-lb.ts, masquerade.ts).
 */
import type { CiliumVersion } from '../versions';
import { mapNames } from './map-names';
import { socketLbOf } from './socket-lb';

export function translationDoc(name: string, version: CiliumVersion): string | undefined {
  const maps = mapNames(version);
  const sock = socketLbOf(version);
  const v = version.label;
  switch (name) {
    case 'lb4_lookup_service':
      return `**Service lookup** in \`${maps.services}\` (backends in \`${maps.backends}\`).\n\nIn Cilium ${v}, a pod's Service traffic is translated here, in from-container, when the socket LB is off (${version.minor >= 11 ? 'ENABLE_PER_PACKET_LB' : 'ENABLE_HOST_SERVICES_FULL undefined'}, the default): the backend is picked and the destination rewritten (DNAT) per packet, and the reply is translated back by \`lb4_rev_nat\`. With the socket LB on${sock ? ` (\`${sock.function}\`, bpf_sock.c ${sock.section})` : ''} the translation happens at \`connect()\` instead and this lookup is compiled out of bpf_lxc. In bpf_host's \`nodeport_lb4\` it finds NodePorts (kube-proxy replacement only). Without kube-proxy replacement, connections from the host are translated by kube-proxy's iptables, not here.\n\nTrace it: \`cilium-datapath trace --to <namespace/service> --port N --manifest service.yaml\`.`;
    case 'lb4_rev_nat':
      return `**Service reverse NAT** through \`${maps.revNat}\`: on a reply (CT_REPLY with a rev_nat_index) the backend's source address becomes the Service frontend again, in the client's ingress policy program. Trace it with \`--reply\`.`;
    case 'handle_nat_fwd':
      return `**BPF NAT on the way out** (to-netdev): with BPF masquerade (enable-bpf-masquerade, needs kube-proxy replacement) a pod's packet leaving the cluster gets the node's address here, recorded in \`${maps.snat}\`. Without it, the agent's iptables rule MASQUERADEs in POSTROUTING instead (Cilium ${v}).`;
    case 'nodeport_lb4':
      return `**BPF NodePort** (kube-proxy replacement): from-netdev looks up a NodePort frontend in \`${maps.services}\` and DNATs to a backend; a packet that is no frontend goes on to the NAT ingress path, which reverses BPF masquerade (\`${maps.snat}\`).`;
    case 'sock4_connect':
    case 'cil_sock4_connect':
    case '__sock4_xlate_fwd':
      return `**Socket LB** (bpf-lb-sock)${sock ? `: \`${sock.function}\` on cgroup ${sock.section} in Cilium ${v}` : ''} translates a Service address at \`connect()\`: the socket is connected to the backend, so packets leave with its address and no per-packet DNAT or reverse NAT is needed (TCP). Trace it with \`--socket-lb true\`.`;
    default:
      return undefined;
  }
}
