/** One line per step, shared by the CLI's text output and the webview. */
import type { Step } from './trace-types';

export function describeStep(step: Step): string {
  switch (step.type) {
    case 'tail-call':
      if (step.inlined)
        return `call ${step.target.function}() inline (${step.keyName ?? step.key} is not a tail call in this build)`;
      return `tail call ${step.map}[${step.key}${step.keyName ? ` = ${step.keyName}` : ''}] → ${step.target.file} ${step.target.function}()`;
    case 'lookup':
      return `lookup ${step.map}[${step.key}] → ${step.result}`;
    case 'route':
      return `route ${step.destination} via ${step.gateway} dev ${step.device}${step.flags ? ` (${step.flags})` : ''}`;
    case 'redirect':
      return `redirect → ${step.device}${step.tunnelEndpoint ? ` (tunnel endpoint ${step.tunnelEndpoint})` : ''}`;
    case 'xmit':
      return `xmit → ${step.device}`;
    case 'encap':
      if (step.outer.protocol === 'esp')
        return `xfrm encrypt ESP outer ${step.outer.srcIp} → ${step.outer.dstIp} SPI ${step.outer.spi ?? '?'}`;
      if (step.outer.protocol === 'wireguard')
        return `encrypt WireGuard outer ${step.outer.srcIp} → ${step.outer.dstIp} UDP ${step.outer.dstPort}`;
      return `encap ${step.outer.protocol.toUpperCase()} outer ${step.outer.srcIp} → ${step.outer.dstIp} UDP ${step.outer.dstPort} VNI ${step.outer.vni}`;
    case 'decap':
      if (step.outer.protocol === 'wireguard') return `decrypt WireGuard (from ${step.outer.srcIp})`;
      if (step.outer.protocol === 'esp')
        return `xfrm decrypt ESP (from ${step.outer.srcIp}, SPI ${step.outer.spi ?? '?'})`;
      return `decap ${step.outer.protocol.toUpperCase()} (VNI ${step.outer.vni})`;
    case 'pass-to-stack':
      return 'pass to stack (TC_ACT_OK)';
    case 'deliver':
      return `deliver to ${step.pod} ${step.device}`;
    case 'drop':
      return `drop: ${step.reason} (${step.text})`;
    case 'policy':
      return `policy ${step.direction} ${step.map}[identity ${step.identity}] → ${step.verdict.toUpperCase()}${
        step.rule
          ? ` by ${step.rule.namespace ? `${step.rule.namespace}/` : ''}${step.rule.policy} rule ${step.rule.index}`
          : step.enforced
            ? ' (no rule matched: default deny)'
            : ' (no policy selects it)'
      }`;
    case 'nat':
      return `${step.kind.toUpperCase()} ${natEnd(step.before)} → ${natEnd(step.after)} (${step.by === 'bpf' ? `BPF${step.map ? `, ${step.map}` : ''}` : 'iptables'})`;
    case 'lb':
      return `service ${step.service} ${step.frontend} → backend ${step.backend}${step.backendPod ? ` (${step.backendPod})` : ''} [${step.map}]`;
    case 'ct':
      return `conntrack ${step.map} (${step.direction}) → ${step.result}`;
  }
}

function natEnd(end: { ip: string; port?: number }): string {
  return end.port === undefined ? end.ip : `${end.ip}:${end.port}`;
}
