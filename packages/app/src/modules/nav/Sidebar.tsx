import {
  Sidebar,
  SidebarDivider,
  SidebarGroup,
  SidebarItem,
  SidebarScrollWrapper,
  SidebarSpace,
} from '@backstage/core-components';
import {
  NavContentBlueprint,
  NavContentComponentProps,
} from '@backstage/plugin-app-react';
import { SidebarLogo } from './SidebarLogo';
import MenuIcon from '@material-ui/icons/Menu';
import SearchIcon from '@material-ui/icons/Search';
import { SidebarSearchModal } from '@backstage/plugin-search';
import { UserSettingsSignInAvatar } from '@backstage/plugin-user-settings';
import { NotificationsSidebarItem } from '@backstage/plugin-notifications';
import { useLocation } from 'react-router-dom';

/** Whether a path is the page of `href` or below it. */
const isWithin = (path: string, href: string) =>
  path === href || path.startsWith(`${href.replace(/\/$/, '')}/`);

function AppSidebar({ navItems }: NavContentComponentProps) {
  // One item is highlighted at a time: on a page below two items'
  // paths (Delivery insights below Release Trains), the closer one.
  const { pathname } = useLocation();
  const hrefs = navItems
    .clone()
    .rest()
    .map(item => item.href);
  const closerItemMatches = (href: string) =>
    hrefs.some(
      other =>
        other !== href && isWithin(other, href) && isWithin(pathname, other),
    );
  const nav = navItems.withComponent(item => (
    <SidebarItem
      icon={() => item.icon}
      to={item.href}
      text={item.title}
      end={closerItemMatches(item.href)}
    />
  ));

  // Skipped items
  nav.take('page:search'); // Using search modal instead
  nav.take('page:notifications'); // Using NotificationsSidebarItem manually instead

  return (
    <Sidebar>
      <SidebarLogo />
      <SidebarGroup label="Search" icon={<SearchIcon />} to="/search">
        <SidebarSearchModal />
      </SidebarGroup>
      <SidebarDivider />
      <SidebarGroup label="Menu" icon={<MenuIcon />}>
        {nav.take('page:home')}
        {nav.take('page:catalog')}
        {nav.take('page:scaffolder')}
        <SidebarDivider />
        <SidebarScrollWrapper>
          {nav.rest({ sortBy: 'title' })}
        </SidebarScrollWrapper>
      </SidebarGroup>
      <SidebarSpace />
      <SidebarDivider />
      <NotificationsSidebarItem />
      <SidebarDivider />
      <SidebarGroup
        label="Settings"
        icon={<UserSettingsSignInAvatar />}
        to="/settings"
      >
        {nav.take('page:app-visualizer')}
        {nav.take('page:user-settings')}
      </SidebarGroup>
    </Sidebar>
  );
}

export const SidebarContent = NavContentBlueprint.make({
  params: {
    component: props => <AppSidebar {...props} />,
  },
});
