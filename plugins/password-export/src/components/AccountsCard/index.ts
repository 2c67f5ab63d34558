export { AccountsCard } from './AccountsCard';
export type { AccountsCardProps } from './AccountsCard';
export { EntityAccountsCard } from './EntityAccountsCard';
